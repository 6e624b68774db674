package io.spool.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.spool.common.event.Topics;
import io.spool.common.signing.HexSignature;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default as a new user runs it: a real broker on a fixed port, the ingest with the demo
 * sources, a SimplePrint and a signed marketplace webhook accepted, and both readable by a plain Kafka client.
 */
class StandaloneIT {

	private static StandaloneApplication.Standalone standalone;

	private static int kafkaPort;

	private static WebClient http;

	private static WebClient api;

	@BeforeAll
	static void start() throws IOException {
		kafkaPort = Ports.freePortPair();
		int postgresPort = Ports.freePort();
		standalone = StandaloneApplication.run("--spool.standalone.kafka-port=" + kafkaPort,
				"--spool.standalone.postgres-port=" + postgresPort, "--spool.ingest.port=0", "--spool.dispatcher.port=0");
		http = WebClient.create("http://localhost:" + port(standalone.ingest()));
		api = WebClient.create("http://localhost:" + port(standalone.dispatcher()));
	}

	private static String port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stop() {
		if (standalone != null) {
			standalone.close();
		}
	}

	@Test
	void showsAStartedThenFinishedJobAsCompletedAndItsPrinterIdleWithinASecond() {
		String started = """
				{"webhook_id": 1, "event": "job.started", "timestamp": 1730132000,
				 "data": {"job": {"id": "readme_job", "name": "test.gcode"}, "printer": {"id": "readme_printer"}}}""";
		String finished = """
				{"webhook_id": 1, "event": "job.finished", "timestamp": 1730135600,
				 "data": {"job": {"id": "readme_job", "name": "test.gcode"}, "printer": {"id": "readme_printer"}}}""";
		assertThat(post("simpleprint", started, null, null)).isEqualTo(202);
		assertThat(post("simpleprint", finished, null, null)).isEqualTo(202);
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(get("/api/v1/jobs/readme_job")).contains("\"status\":\"complete\"");
			assertThat(get("/api/v1/printers/readme_printer")).contains("\"state\":\"idle\"");
		});
	}

	private static String get(String path) {
		return api.get().uri(path).exchangeToMono(r -> r.bodyToMono(String.class)).defaultIfEmpty("").block();
	}

	@Test
	void isReadyWithItsOwnBrokerAndDatabase() {
		String ingest = http.get().uri("/actuator/health/readiness").retrieve().bodyToMono(String.class).block();
		assertThat(ingest).contains("\"status\":\"UP\"").contains("\"kafka\"");
		String dispatcher = api.get().uri("/actuator/health/readiness").retrieve().bodyToMono(String.class).block();
		assertThat(dispatcher).contains("\"status\":\"UP\"").contains("\"r2dbc\"");
	}

	@Test
	void acceptsTheDemoSendersAndTheirEventsCanBeReadWithAnyKafkaClient() {
		String simplePrint = """
				{"webhook_id": 77777, "event": "job.started", "timestamp": 1730132000,
				 "data": {"job": {"id": "demo_job", "name": "test.gcode", "started": 1730132000},
				          "printer": {"id": "printer_123", "name": "Test Printer #1"}}}""";
		assertThat(post("simpleprint", simplePrint, null, null)).isEqualTo(202);

		String product = "{\"event_type\":\"product.created\",\"event_id\":\"demo_001\","
				+ "\"timestamp\":\"2025-11-12T10:00:00Z\",\"data\":{\"product_id\":\"12345\",\"title\":\"Test\"}}";
		String signature = HexSignature.SHA256_PREFIXED.sign("demo-marketplace-secret",
				product.getBytes(StandardCharsets.UTF_8));
		assertThat(post("marketplace", product, "X-Webhook-Signature", signature)).isEqualTo(202);
		assertThat(post("marketplace", product, "X-Webhook-Signature", "sha256=00")).isEqualTo(401);

		List<ConsumerRecord<String, String>> records = readAll();
		assertThat(records).extracting(ConsumerRecord::key).contains("printer/printer_123", "product/12345");
	}

	private int post(String source, String body, String header, String value) {
		return http.post()
			.uri("/api/v1/webhooks/" + source)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(h -> {
				if (header != null) {
					h.add(header, value);
				}
			})
			.bodyValue(body)
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block();
	}

	private static List<ConsumerRecord<String, String>> readAll() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
				ConsumerConfig.GROUP_ID_CONFIG, "standalone-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(Topics.EVENTS));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.size() < 2 && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(250)).forEach(records::add);
			}
		}
		return records;
	}

}
