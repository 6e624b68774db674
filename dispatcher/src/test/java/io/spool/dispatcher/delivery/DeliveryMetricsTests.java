package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spool.dispatcher.subscription.DeliveryFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counters keep each subscription, outcome and error apart, however often they are looked up. */
class DeliveryMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DeliveryMetrics metrics = new DeliveryMetrics(registry);

	@Test
	void finishedDeliveriesAreCountedBySubscriptionAndOutcome() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();

		metrics.finished(work(first), "sent");
		metrics.finished(work(first), "sent");
		metrics.finished(work(first), "dead");
		metrics.finished(work(second), "sent");
		metrics.finished(work(null), "sent");

		assertThat(deliveries("sent", first.toString())).isEqualTo(2);
		assertThat(deliveries("dead", first.toString())).isEqualTo(1);
		assertThat(deliveries("sent", second.toString())).isEqualTo(1);
		assertThat(deliveries("sent", "job")).isEqualTo(1);
		assertThat(registry.get("spool.delivery.dead.letters").counter().count()).isEqualTo(1);
	}

	@Test
	void attemptsAreCountedByResultAndErrorType() {
		metrics.attempt(AttemptResult.ofStatus(204, "", null, Duration.ZERO));
		metrics.attempt(AttemptResult.ofStatus(200, "", null, Duration.ZERO));
		metrics.attempt(AttemptResult.ofStatus(503, "", null, Duration.ZERO));
		metrics.attempt(AttemptResult.error("timeout", "no answer", true, Duration.ZERO));

		assertThat(attempts("sent", "none")).isEqualTo(2);
		assertThat(attempts("retryable", "http_5xx")).isEqualTo(1);
		assertThat(attempts("retryable", "timeout")).isEqualTo(1);
	}

	private double deliveries(String outcome, String subscription) {
		return registry.get("spool.delivery.deliveries").tag("outcome", outcome).tag("subscription", subscription)
			.counter().count();
	}

	private double attempts(String result, String error) {
		return registry.get("spool.delivery.attempts").tag("result", result).tag("error", error).counter().count();
	}

	private static DeliveryWork work(UUID subscription) {
		return new DeliveryWork(UUID.randomUUID(), subscription, subscription == null ? "job-1" : null,
				"https://farm.example/h", null, DeliveryFormat.CLOUDEVENTS, "{}", true, null, null, 0, "job.completed",
				null, null, UUID.randomUUID());
	}

}
