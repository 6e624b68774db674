package io.spool.dispatcher.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spool.common.event.EventTypes;

/**
 * The dispatcher's apply meters; tag values are bounded (types are canonical, {@code other} or
 * {@code none}).
 * <ul>
 * <li>{@code spool.dispatcher.events} (counter): records by type and outcome (applied, kept, duplicate,
 * failed)</li>
 * <li>{@code spool.dispatcher.apply.latency} (timer, histogram): one batch's transaction</li>
 * <li>{@code spool.dispatcher.event.lag} (timer, histogram): from the ingest's receipt to applied</li>
 * <li>{@code spool.dispatcher.store.retries} (counter): transactions retried because the store was down</li>
 * </ul>
 * Consumer lag is Kafka's own {@code kafka.consumer.fetch.manager.records.lag.max}.
 */
public final class ApplyMetrics {

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	private final Timer batchLatency;

	private final Timer eventLag;

	private final Counter retries;

	public ApplyMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.batchLatency = Timer.builder("spool.dispatcher.apply.latency")
			.description("Time to apply one batch of events in one transaction")
			.publishPercentileHistogram()
			.register(registry);
		this.eventLag = Timer.builder("spool.dispatcher.event.lag")
			.description("Time from the ingest's receipt of a webhook to its event being applied")
			.publishPercentileHistogram()
			.register(registry);
		this.retries = Counter.builder("spool.dispatcher.store.retries")
			.description("Transactions retried because the database was unavailable")
			.register(registry);
	}

	public void batch(Duration took) {
		batchLatency.record(took);
	}

	public void retried() {
		retries.increment();
	}

	public void outcome(EventPlan plan, ApplyOutcome outcome, Instant now) {
		String type = plan.event() == null ? "none"
				: EventTypes.CANONICAL.contains(plan.event().type()) ? plan.event().type() : "other";
		counters.computeIfAbsent(type + '|' + outcome,
				k -> Counter.builder("spool.dispatcher.events")
					.description("Events consumed, by type and outcome")
					.tag("type", type)
					.tag("outcome", outcome.tag())
					.register(registry))
			.increment();
		if (outcome == ApplyOutcome.APPLIED && plan.event() != null && plan.event().receivedat() != null) {
			Duration lag = Duration.between(plan.event().receivedat(), now);
			if (!lag.isNegative()) {
				eventLag.record(lag);
			}
		}
	}

}
