package io.spool.ingest.webhook;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spool.common.event.EventTypes;

/**
 * The ingest's own meters. Tag values are bounded: {@code source} is a configured source or {@code unknown},
 * {@code type} a canonical type, {@code other} or {@code none}, {@code outcome} {@code accepted} or a
 * {@link Rejection} code, so that no request can create new time series.
 * <ul>
 * <li>{@code spool.ingest.requests} (counter): requests by source, type and outcome</li>
 * <li>{@code spool.ingest.request.latency} (timer, histogram): from arrival to answer, by source and outcome</li>
 * <li>{@code spool.ingest.publish.latency} (timer, histogram): Kafka send to acknowledgement, by outcome</li>
 * </ul>
 */
public final class IngestMetrics {

	public static final String ACCEPTED = "accepted";

	public static final String NONE = "none";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

	public IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void request(String source, String type, String outcome, Duration latency) {
		String typeTag = type == null ? NONE : EventTypes.CANONICAL.contains(type) ? type : "other";
		counters
			.computeIfAbsent(source + '|' + typeTag + '|' + outcome,
					k -> Counter.builder("spool.ingest.requests")
						.description("Webhook requests by source, event type and outcome")
						.tag("source", source)
						.tag("type", typeTag)
						.tag("outcome", outcome)
						.register(registry))
			.increment();
		timers.computeIfAbsent("request|" + source + '|' + outcome,
				k -> Timer.builder("spool.ingest.request.latency")
					.description("Time from a webhook's arrival to its answer")
					.tag("source", source)
					.tag("outcome", outcome)
					.publishPercentileHistogram()
					.register(registry))
			.record(latency);
	}

	public void publish(boolean success, Duration latency) {
		String outcome = success ? "acked" : "failed";
		timers.computeIfAbsent("publish|" + outcome,
				k -> Timer.builder("spool.ingest.publish.latency")
					.description("Time from handing an event to Kafka to its acknowledgement")
					.tag("outcome", outcome)
					.publishPercentileHistogram()
					.register(registry))
			.record(latency);
	}

}
