package io.spool.support.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * Creates Spool's topics when they are missing. The first attempt is made during start-up, so that a service
 * that starts with Kafka reachable never publishes to a topic the broker would auto-create with its own
 * defaults; if Kafka is unreachable then, attempts continue in the background with backoff and readiness
 * stays down until they succeed.
 */
public final class TopicInitializer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

	private final Admin admin;

	private final TopicsProperties topics;

	private final Duration firstAttemptTimeout;

	private final AtomicBoolean ready = new AtomicBoolean();

	private volatile Disposable retries;

	private volatile boolean running;

	public TopicInitializer(Admin admin, TopicsProperties topics, Duration firstAttemptTimeout) {
		this.admin = admin;
		this.topics = topics;
		this.firstAttemptTimeout = firstAttemptTimeout;
	}

	/** Whether every topic is known to exist. */
	public boolean isReady() {
		return ready.get() || !topics.create();
	}

	@Override
	public void start() {
		running = true;
		if (!topics.create()) {
			return;
		}
		try {
			ensure(firstAttemptTimeout);
			return;
		}
		catch (Exception ex) {
			log.warn("Kafka topics not ensured at start-up ({}); retrying in the background", ex.toString());
		}
		retries = Mono.fromRunnable(() -> ensure(Duration.ofSeconds(10)))
			.subscribeOn(Schedulers.boundedElastic())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
			.subscribe(null, ex -> log.error("giving up on creating Kafka topics", ex));
	}

	void ensure(Duration timeout) {
		List<NewTopic> wanted = List.of(topics.events(), topics.state(), topics.deliveries(), topics.deadLetters())
			.stream()
			.map(TopicInitializer::newTopic)
			.toList();
		try {
			Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
			if (!missing.isEmpty()) {
				try {
					admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
					log.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
			ready.set(true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating topics", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not create Kafka topics: " + ex, ex);
		}
	}

	private static NewTopic newTopic(TopicsProperties.Topic topic) {
		NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor());
		if (Boolean.TRUE.equals(topic.compacted())) {
			newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
		}
		return newTopic;
	}

	@Override
	public void stop() {
		Disposable pending = retries;
		if (pending != null) {
			pending.dispose();
		}
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Before the web server starts taking requests. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

}
