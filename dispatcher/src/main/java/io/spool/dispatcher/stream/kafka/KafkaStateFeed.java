package io.spool.dispatcher.stream.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.spool.dispatcher.stream.StateFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * Tails {@code spool.state.v1} from its end in a consumer group of its own (one per process, never
 * committed), so that every replica streams every change, whichever replica applied it, and fans the
 * snapshots out to the SSE subscribers.
 */
public final class KafkaStateFeed implements StateFeed, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KafkaStateFeed.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final Sinks.Many<Change> sink = Sinks.many().multicast().directBestEffort();

	private volatile Disposable subscription;

	public KafkaStateFeed(KafkaReceiver<String, byte[]> receiver) {
		this.receiver = receiver;
	}

	@Override
	public Flux<Change> changes() {
		return sink.asFlux();
	}

	@Override
	public void start() {
		subscription = Flux.defer(receiver::receiveAutoAck)
			.concatMap(batch -> batch)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(s -> log.warn("state feed failed, restarting: {}", s.failure().toString())))
			.subscribe(record -> sink.tryEmitNext(new Change(record.key(),
					new String(record.value(), StandardCharsets.UTF_8))));
	}

	@Override
	public void stop() {
		Disposable running = subscription;
		if (running != null) {
			running.dispose();
		}
		subscription = null;
		sink.tryEmitComplete();
	}

	@Override
	public boolean isRunning() {
		return subscription != null && !subscription.isDisposed();
	}

}
