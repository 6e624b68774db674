package io.spool.ingest.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.spool.ingest.IngestApplication;
import io.spool.ingest.SeedPayloads;
import io.spool.ingest.support.EventsTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest when Kafka goes away, and when the ingest itself goes away: a sender gets {@code 503} with
 * {@code Retry-After} within the publish timeout and never a {@code 2xx}; a request in flight at shutdown is
 * finished and stored.
 */
class KafkaOutageIT {

	private EmbeddedKafkaKraftBroker broker;

	private ConfigurableApplicationContext ingest;

	private WebClient client;

	@BeforeEach
	void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.afterPropertiesSet();
	}

	@AfterEach
	void stopEverything() {
		if (ingest != null) {
			ingest.close();
		}
		if (broker != null) {
			broker.destroy();
		}
	}

	private void startIngest(String... extraProperties) {
		// As command-line arguments: they outrank the service's own defaults, as they would in production.
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--spool.ingest.sources.simpleprint.format=simpleprint", "--logging.level.org.apache.kafka=error",
				"--logging.level.kafka=error"));
		for (String extra : extraProperties) {
			args.add("--" + extra);
		}
		ingest = new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new));
		client = WebClient.create("http://localhost:" + ingest.getEnvironment().getProperty("local.server.port"));
	}

	private Mono<ResponseEntity<String>> post(int i) {
		return client.post()
			.uri("/api/v1/webhooks/simpleprint")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SeedPayloads.simplePrint("job.progress", "job-" + i, "printer-" + i))
			.exchangeToMono(response -> response.toEntity(String.class));
	}

	@Test
	void answers503WithRetryAfterWithinTheDefaultBoundAndNeverA2xxOnceTheBrokerIsGone() {
		startIngest();
		assertThat(post(0).block().getStatusCode().value()).isEqualTo(202);

		broker.destroy();
		broker = null;

		long started = System.nanoTime();
		List<ResponseEntity<String>> answers = Flux.range(1, 20).flatMap(this::post, 20).collectList().block();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(answers).hasSize(20).allSatisfy(answer -> {
			assertThat(answer.getStatusCode().value()).isEqualTo(503);
			assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(answer.getBody()).contains("urn:spool:problem:kafka-unavailable").doesNotContain("Exception");
		});
		// spool.ingest.publish-timeout defaults to 5 s: every sender had its answer by then, plus scheduling slack.
		assertThat(took).isLessThan(Duration.ofMillis(6500));
	}

	@Test
	void readinessGoesDownWithTheBrokerWhileLivenessStaysUp() {
		startIngest();
		assertThat(health("/actuator/health/readiness")).isEqualTo(200);
		broker.destroy();
		broker = null;
		await().atMost(Duration.ofSeconds(15)).until(() -> health("/actuator/health/readiness") == 503);
		assertThat(health("/actuator/health/liveness")).isEqualTo(200);
	}

	@Test
	void finishesAndStoresARequestInFlightAtShutdown() throws Exception {
		// A long linger keeps the request waiting for Kafka while the service is asked to stop.
		startIngest("spring.kafka.producer.properties.linger.ms=1500",
				"spring.kafka.producer.properties.delivery.timeout.ms=5500");
		try (EventsTopic events = new EventsTopic(broker.getBrokersAsString())) {
			CompletableFuture<ResponseEntity<String>> inFlight = post(1).toFuture();
			Thread.sleep(300); // let the request reach the publisher; nothing to poll for from outside
			ConfigurableApplicationContext closing = ingest;
			ingest = null;
			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(closing::close);
			assertThat(inFlight.get(10, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(202);
			shutdown.get(30, TimeUnit.SECONDS);
			assertThat(events.countSince()).isEqualTo(1);
		}
	}

	private int health(String path) {
		return client.get().uri(path).exchangeToMono(r -> Mono.just(r.statusCode().value())).block();
	}

}
