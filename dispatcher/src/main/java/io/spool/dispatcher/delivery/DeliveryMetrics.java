package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Delivery meters. {@code subscription} is a subscription id or {@code job} (job webhooks share one tag).
 * <ul>
 * <li>{@code spool.delivery.deliveries} (counter): finished deliveries by outcome (sent, failed, dead) and
 * subscription</li>
 * <li>{@code spool.delivery.attempts} (counter): attempts by result (sent, retryable, permanent, gone) and error
 * type</li>
 * <li>{@code spool.delivery.latency} (timer, histogram): event received by the ingest → delivered</li>
 * <li>{@code spool.delivery.dead.letters} (counter): deliveries that went dead</li>
 * </ul>
 * Circuit breaker states are Resilience4j's own {@code resilience4j.circuitbreaker.state}. Counters are looked up
 * once per tag combination and kept: the registry's lookup by name and tags (building and sorting the tags, the
 * subscription id as text) on every delivery was ≈ 1.5 % of the dispatcher's CPU.
 */
public final class DeliveryMetrics {

	private final MeterRegistry registry;

	private final Timer latency;

	private final Counter deadLetters;

	private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();

	/** Finished deliveries by outcome, then by subscription ({@link #JOB} for job webhooks). */
	private final ConcurrentMap<String, ConcurrentMap<UUID, Counter>> finished = new ConcurrentHashMap<>();

	private static final UUID JOB = new UUID(0, 0);

	public DeliveryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.latency = Timer.builder("spool.delivery.latency")
			.description("Time from the ingest's receipt of an event to its delivery to a subscriber")
			.publishPercentileHistogram()
			.register(registry);
		this.deadLetters = Counter.builder("spool.delivery.dead.letters")
			.description("Deliveries that exhausted their schedule or were refused for good")
			.register(registry);
	}

	public void attempt(AttemptResult result) {
		String kind = result.outcome().tag();
		String error = result.errorType() == null ? "none" : result.errorType();
		attempts.computeIfAbsent(kind + '/' + error,
				key -> registry.counter("spool.delivery.attempts", "result", kind, "error", error))
			.increment();
	}

	public void finished(DeliveryWork work, String outcome) {
		UUID subscription = work.subscriptionId() == null ? JOB : work.subscriptionId();
		finished.computeIfAbsent(outcome, key -> new ConcurrentHashMap<>())
			.computeIfAbsent(subscription,
					key -> registry.counter("spool.delivery.deliveries", "outcome", outcome, "subscription",
							key == JOB ? "job" : key.toString()))
			.increment();
		if (outcome.equals("dead")) {
			deadLetters.increment();
		}
	}

	public void delivered(Duration endToEnd) {
		if (!endToEnd.isNegative()) {
			latency.record(endToEnd);
		}
	}

}
