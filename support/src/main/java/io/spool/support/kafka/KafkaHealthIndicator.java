package io.spool.support.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Kafka in readiness: the cluster answers within the timeout and Spool's topics exist. A service that cannot
 * store events should not be sent any.
 */
public final class KafkaHealthIndicator implements ReactiveHealthIndicator {

	private final Admin admin;

	private final TopicInitializer topics;

	private final Duration timeout;

	public KafkaHealthIndicator(Admin admin, TopicInitializer topics, Duration timeout) {
		this.admin = admin;
		this.topics = topics;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
		return Mono.fromFuture(() -> admin.describeCluster(options).nodes().toCompletionStage().toCompletableFuture())
			.map(nodes -> {
				Health.Builder health = topics.isReady() ? Health.up() : Health.down().withDetail("topics", "missing");
				return health.withDetail("brokers", nodes.size()).build();
			})
			.timeout(timeout.plusMillis(500))
			.onErrorResume(ex -> Mono.just(Health.down().withDetail("error", ex.getClass().getSimpleName()).build()));
	}

}
