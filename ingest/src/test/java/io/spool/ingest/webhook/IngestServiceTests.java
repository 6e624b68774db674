package io.spool.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.SeedPayloads;
import io.spool.ingest.webhook.source.Format;
import io.spool.ingest.webhook.source.SourceProperties;
import io.spool.ingest.webhook.source.SourceRegistry;
import io.spool.ingest.webhook.source.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class IngestServiceTests {

	/** Stands for the Kafka producer's network thread, where acknowledgements arrive. */
	private final Scheduler producerThread = Schedulers.newSingle("producer-network");

	/** Stands for the request's event loop. */
	private final Scheduler requestLoop = Schedulers.newSingle("request-loop");

	@AfterEach
	void stop() {
		producerThread.dispose();
		requestLoop.dispose();
	}

	private IngestService service(EventPublisher publisher) {
		SourceProperties printers = new SourceProperties(Format.SIMPLEPRINT, Verification.NONE, null, List.of(),
				"X-Webhook-Signature", "sha256=", null, Duration.ofMinutes(5), null, null, null, null, null, 0);
		return new IngestService(new SourceRegistry(Map.of("printers", printers)), publisher, JsonCodec.standard(),
				new IngestMetrics(new SimpleMeterRegistry()), Clock.fixed(Requests.NOW, ZoneOffset.UTC), 65_536,
				Duration.ofSeconds(5), Duration.ofSeconds(1));
	}

	private static Mono<byte[]> body() {
		return Mono.just(SeedPayloads.simplePrint("job.started", "j-1", "p-1").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void answersOnTheRequestsSchedulerNotOnTheThreadKafkaAcknowledgedOn() {
		AtomicReference<String> answeredOn = new AtomicReference<>();
		IngestService ingest = service(event -> Mono.<Void>empty().subscribeOn(producerThread));

		StepVerifier.create(ingest
			.ingest(Requests.request("printers", "Content-Type", "application/json"), body(), requestLoop)
			.doOnNext(accepted -> answeredOn.set(Thread.currentThread().getName())))
			.assertNext(accepted -> assertThat(accepted.source()).isEqualTo("printers"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));

		assertThat(answeredOn.get()).startsWith("request-loop");
	}

	@Test
	void rejectsOnTheRequestsSchedulerWhenKafkaRefuses() {
		AtomicReference<String> rejectedOn = new AtomicReference<>();
		IngestService ingest = service(event -> Mono.<Void>error(new PublishFailedException("refused", null))
			.subscribeOn(producerThread));

		StepVerifier.create(ingest
			.ingest(Requests.request("printers", "Content-Type", "application/json"), body(), requestLoop)
			.doOnError(ex -> rejectedOn.set(Thread.currentThread().getName())))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(WebhookRejectedException.class)
				.extracting(e -> ((WebhookRejectedException) e).rejection())
				.isEqualTo(Rejection.UNAVAILABLE))
			.verify(Duration.ofSeconds(10));

		assertThat(rejectedOn.get()).startsWith("request-loop");
	}

}
