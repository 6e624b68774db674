package io.spool.ingest.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.standardwebhooks.Webhook;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.signing.HexSignature;
import io.spool.ingest.SeedPayloads;
import io.spool.ingest.support.EventsTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest over real HTTP against a real in-process KRaft broker: what lands on {@code spool.events.v1}
 * for each format, and that no rejected request ever lands there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class WebhookIngestIT {

	private static final JsonCodec codec = JsonCodec.standard();

	private static final String ERP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static EventsTopic events;

	@Autowired
	private WebTestClient http;

	@Value("${local.server.port}")
	private int port;

	@BeforeAll
	static void openTopic(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
		events = new EventsTopic(bootstrap);
	}

	@AfterAll
	static void closeTopic() {
		events.close();
	}

	@BeforeEach
	void markTheTopic() {
		events.mark();
	}

	private WebTestClient.ResponseSpec post(String source, String body, String... headers) {
		return http.post()
			.uri("/api/v1/webhooks/" + source)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(h -> {
				for (int i = 0; i < headers.length; i += 2) {
					h.add(headers[i], headers[i + 1]);
				}
			})
			.bodyValue(body.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private static JsonNode json(String text) {
		return codec.readTree(text.getBytes(StandardCharsets.UTF_8));
	}

	private ConsumerRecord<String, String> onlyRecordSinceMark() {
		List<ConsumerRecord<String, String>> records = events.since();
		assertThat(records).hasSize(1);
		return records.get(0);
	}

	private void assertRejected(WebTestClient.ResponseSpec response, int status, String problemType) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.type")
			.isEqualTo(problemType)
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.trace")
			.doesNotExist();
		assertThat(events.countSince()).as("records published for a rejected request").isZero();
	}

	@Test
	void simplePrintJobStartedLandsKeyedByItsPrinter() {
		String body = SeedPayloads.simplePrint("job.started", "test_after_fix", "printer_123");
		String id = post("simpleprint", body).expectStatus()
			.isAccepted()
			.expectBody(Accepted.class)
			.returnResult()
			.getResponseBody()
			.id();

		ConsumerRecord<String, String> record = onlyRecordSinceMark();
		assertThat(record.topic()).isEqualTo(Topics.EVENTS);
		assertThat(record.key()).isEqualTo("printer/printer_123");
		assertThat(EventsTopic.header(record, "content-type")).isEqualTo("application/cloudevents+json");
		JsonNode event = json(record.value());
		assertThat(event.path("id").asString()).isEqualTo(id);
		assertThat(event.path("specversion").asString()).isEqualTo("1.0");
		assertThat(event.path("source").asString()).isEqualTo("/sources/simpleprint");
		assertThat(event.path("type").asString()).isEqualTo("job.started");
		assertThat(event.path("subject").asString()).isEqualTo("printer/printer_123");
		assertThat(event.path("sourceeventid").asString()).hasSize(64);
		assertThat(event.path("time").asString()).isEqualTo("2024-10-28T16:13:20Z");
		assertThat(event.path("receivedat").isMissingNode()).isFalse();
		assertThat(event.path("data").path("jobId").asString()).isEqualTo("test_after_fix");
		assertThat(event.path("data").path("payload").path("webhook_id").asInt()).isEqualTo(77777);
	}

	@Test
	void continuesTheSendersW3cTraceInTheRecordAndTheCloudEvent() {
		String sent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		post("simpleprint", SeedPayloads.simplePrint("job.progress", "traced", "traced-printer"), "traceparent", sent)
			.expectStatus()
			.isAccepted();
		ConsumerRecord<String, String> record = onlyRecordSinceMark();
		String header = EventsTopic.header(record, "traceparent");
		assertThat(header).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").isNotEqualTo(sent);
		assertThat(json(record.value()).path("traceparent").asString()).isEqualTo(header);
	}

	@Test
	void simplePrintJobFinishedIsCompleted() {
		post("simpleprint", SeedPayloads.simplePrint("job.finished", "j2", "printer_9")).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("accepted")
			.jsonPath("$.source")
			.isEqualTo("simpleprint")
			.jsonPath("$.type")
			.isEqualTo("job.completed");
		assertThat(json(onlyRecordSinceMark().value()).path("sourcetype").asString()).isEqualTo("job.finished");
	}

	@Test
	void unknownSimplePrintEventsAreKeptAsUnknown() {
		post("simpleprint", "{\"event\":\"printer.rebooted\",\"data\":{\"printer\":{\"id\":\"p1\"}}}").expectStatus()
			.isAccepted();
		JsonNode event = json(onlyRecordSinceMark().value());
		assertThat(event.path("type").asString()).isEqualTo("unknown");
		assertThat(event.path("sourcetype").asString()).isEqualTo("printer.rebooted");
	}

	@Test
	void signedMarketplaceEventLandsWithItsEventId() {
		String body = SeedPayloads.marketplace("product.image.updated", "evt_123", "12345");
		post("market", body, "X-Webhook-Signature",
				HexSignature.SHA256_PREFIXED.sign("it-market-secret", body.getBytes(StandardCharsets.UTF_8)))
			.expectStatus()
			.isAccepted();
		ConsumerRecord<String, String> record = onlyRecordSinceMark();
		assertThat(record.key()).isEqualTo("product/12345");
		JsonNode event = json(record.value());
		assertThat(event.path("type").asString()).isEqualTo("product.image_updated");
		assertThat(event.path("sourceeventid").asString()).isEqualTo("evt_123");
		assertThat(event.path("time").asString()).isEqualTo("2025-11-12T10:00:00Z");
	}

	@Test
	void signedPrintServiceStatusLandsKeyedByItsJob() {
		String body = SeedPayloads.printService("550e8400-e29b-41d4-a716-446655440000", "slicing");
		post("printsvc", body, "X-Print-Service-Signature",
				HexSignature.BARE.sign("it-print-secret", body.getBytes(StandardCharsets.UTF_8)))
			.expectStatus()
			.isAccepted();
		ConsumerRecord<String, String> record = onlyRecordSinceMark();
		assertThat(record.key()).isEqualTo("job/550e8400-e29b-41d4-a716-446655440000");
		JsonNode event = json(record.value());
		assertThat(event.path("type").asString()).isEqualTo("job.status_changed");
		assertThat(event.path("data").path("status").asString()).isEqualTo("slicing");
	}

	@Test
	void standardWebhooksEventSignedByTheReferenceLibraryLandsWithItsWebhookId() throws Exception {
		String body = "{\"type\":\"invoice.paid\",\"subject\":\"invoice/42\",\"amount\":10}";
		long now = Instant.now().getEpochSecond();
		String signature = new Webhook(ERP_SECRET).sign("msg_2Lh9", now, body);
		post("erp", body, "webhook-id", "msg_2Lh9", "webhook-timestamp", Long.toString(now), "webhook-signature",
				signature)
			.expectStatus()
			.isAccepted();
		ConsumerRecord<String, String> record = onlyRecordSinceMark();
		assertThat(record.key()).isEqualTo("invoice/42");
		JsonNode event = json(record.value());
		assertThat(event.path("type").asString()).isEqualTo("invoice.paid");
		assertThat(event.path("sourceeventid").asString()).isEqualTo("msg_2Lh9");
		assertThat(event.path("data").path("payload").path("amount").asInt()).isEqualTo(10);
	}

	@Test
	void tokenSourceAcceptsItsTokenAsHeaderOrQueryParameter() {
		post("tokened", "{\"a\":1}", "X-Spool-Token", "it-token", "X-Event-Type", "thing.happened", "X-Event-Id",
				"ev-1")
			.expectStatus()
			.isAccepted();
		http.post()
			.uri("/api/v1/webhooks/tokened?token=it-token")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Event-Type", "thing.happened")
			.bodyValue("{\"a\":2}")
			.exchange()
			.expectStatus()
			.isAccepted();
		List<ConsumerRecord<String, String>> records = events.since();
		assertThat(records).hasSize(2);
		assertThat(records).extracting(r -> json(r.value()).path("sourceeventid").asString()).contains("ev-1");
	}

	@Test
	void acceptsJsonMediaTypesWithSuffixOrCharset() {
		http.post()
			.uri("/api/v1/webhooks/simpleprint")
			.contentType(MediaType.parseMediaType("application/cloudevents+json; charset=utf-8"))
			.bodyValue(SeedPayloads.simplePrint("printer.online", "j", "p"))
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	// --- every error of CONTRACT §1, by a real HTTP request, and nothing published for any of them

	@Test
	void malformedJsonIs400() {
		assertRejected(post("simpleprint", "{\"event\": \"job.started\", "), 400, "urn:spool:problem:malformed-body");
	}

	@Test
	void jsonThatIsNotAnObjectIs400() {
		assertRejected(post("simpleprint", "[{\"event\":\"job.started\"}]"), 400, "urn:spool:problem:malformed-body");
	}

	@Test
	void duplicateKeysAre400() {
		assertRejected(post("simpleprint", "{\"event\":\"job.started\",\"event\":\"job.failed\"}"), 400,
				"urn:spool:problem:malformed-body");
	}

	@Test
	void badSignatureIs401() {
		String body = SeedPayloads.marketplace("product.created", "e-401", "1");
		assertRejected(post("market", body, "X-Webhook-Signature",
				HexSignature.SHA256_PREFIXED.sign("wrong-secret", body.getBytes(StandardCharsets.UTF_8))), 401,
				"urn:spool:problem:unauthenticated");
	}

	@Test
	void missingSignatureIs401() {
		assertRejected(post("market", SeedPayloads.marketplace("product.created", "e-401b", "1")), 401,
				"urn:spool:problem:unauthenticated");
	}

	@Test
	void signatureOfAnotherBodyIs401() {
		String signed = SeedPayloads.marketplace("product.created", "e-401c", "1");
		String sent = SeedPayloads.marketplace("product.deleted", "e-401c", "1");
		assertRejected(post("market", sent, "X-Webhook-Signature",
				HexSignature.SHA256_PREFIXED.sign("it-market-secret", signed.getBytes(StandardCharsets.UTF_8))), 401,
				"urn:spool:problem:unauthenticated");
	}

	@Test
	void timestampOutsideToleranceIs401() throws Exception {
		String body = "{\"type\":\"invoice.paid\"}";
		long old = Instant.now().minusSeconds(600).getEpochSecond();
		String signature = new Webhook(ERP_SECRET).sign("msg_old", old, body);
		assertRejected(post("erp", body, "webhook-id", "msg_old", "webhook-timestamp", Long.toString(old),
				"webhook-signature", signature), 401, "urn:spool:problem:unauthenticated");
	}

	@Test
	void wrongTokenIs401() {
		assertRejected(post("tokened", "{}", "X-Spool-Token", "nope", "X-Event-Type", "x"), 401,
				"urn:spool:problem:unauthenticated");
	}

	@Test
	void aPercentEncodedSourceNameIsTheSourceItSpells() {
		// sent as written: WebTestClient's uri(String) would encode the percent sign again
		http.post()
			.uri(URI.create("http://localhost:" + port + "/api/v1/webhooks/simple%70rint"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SeedPayloads.simplePrint("job.started", "j-enc", "p-enc"))
			.exchange()
			.expectStatus()
			.isAccepted();
		assertThat(onlyRecordSinceMark().key()).isEqualTo("printer/p-enc");
	}

	@Test
	void unknownSourceIs404() {
		assertRejected(post("no-such-source", "{}"), 404, "urn:spool:problem:unknown-source");
	}

	@Test
	void bodyOverTheLimitIs413() {
		String big = "{\"event\":\"job.started\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
		assertRejected(post("simpleprint", big), 413, "urn:spool:problem:body-too-large");
	}

	@Test
	void chunkedBodyOverTheLimitWithoutContentLengthIs413() {
		byte[] chunk = "x".repeat(8 * 1024).getBytes(StandardCharsets.UTF_8);
		Flux<DataBuffer> body = Flux.range(0, 10).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
		WebTestClient.ResponseSpec response = http.post()
			.uri("/api/v1/webhooks/simpleprint")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body, DataBuffer.class)
			.exchange();
		assertRejected(response, 413, "urn:spool:problem:body-too-large");
	}

	@Test
	void bodyThatIsNotJsonIs415() {
		assertRejected(http.post()
			.uri("/api/v1/webhooks/simpleprint")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("event=job.started")
			.exchange(), 415, "urn:spool:problem:unsupported-media-type");
	}

	@Test
	void missingContentTypeIs415() {
		assertRejected(http.post().uri("/api/v1/webhooks/simpleprint").bodyValue(new byte[] { '{', '}' }).exchange(),
				415, "urn:spool:problem:unsupported-media-type");
	}

	@Test
	void payloadWithoutEventTypeIs422() {
		assertRejected(post("simpleprint", "{\"test\": true}"), 422, "urn:spool:problem:unprocessable-payload");
	}

	@Test
	void sourceOverItsRateLimitIs429WithRetryAfter() {
		String body = SeedPayloads.simplePrint("job.progress", "j", "p");
		int accepted = 0;
		for (int i = 0; i < 10; i++) {
			var result = post("limited", body).returnResult(byte[].class);
			int status = result.getStatus().value();
			if (status == 202) {
				accepted++;
				continue;
			}
			assertThat(status).isEqualTo(429);
			assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(accepted).isBetween(2, 4);
		assertThat(events.countSince()).isEqualTo(accepted);
	}

	@Test
	void unknownPathsAndMethodsAreProblemsToo() {
		http.get()
			.uri("/api/v1/webhooks/simpleprint")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		http.put()
			.uri("/api/v1/webhooks/simpleprint")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SeedPayloads.simplePrint("job.started", "j", "p"))
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals("Allow", "POST");
		for (String notAWebhookPath : List.of("/api/v1/webhooks/simpleprint/", "/api/v1/webhooks/", "/api/v1/webhooks/simpleprint/x")) {
			http.post()
				.uri(notAWebhookPath)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(SeedPayloads.simplePrint("job.started", "j", "p"))
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(events.countSince()).as("records published for requests to no webhook").isZero();
		http.get()
			.uri("/nowhere")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("about:blank");
	}

	// --- concurrency

	@Test
	void fiftyConcurrentPostsEachLandExactlyOnce() {
		WebClient client = WebClient.create("http://localhost:" + port);
		List<Accepted> answers = Flux.range(0, 50)
			.flatMap(i -> client.post()
				.uri("/api/v1/webhooks/simpleprint")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(SeedPayloads.simplePrint("job.started", "job-" + i, "printer-" + i))
				.retrieve()
				.bodyToMono(Accepted.class), 50)
			.collectList()
			.block();
		assertThat(answers).hasSize(50);
		List<ConsumerRecord<String, String>> records = events.since();
		assertThat(records).hasSize(50);
		Map<String, Long> perId = records.stream()
			.map(r -> json(r.value()).path("id").asString())
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(perId).hasSize(50).allSatisfy((id, count) -> assertThat(count).isOne());
		assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(answers.stream().map(Accepted::id).toList());
	}

	@Test
	void identicalRetriesOfOneWebhookCarryOneEventId() {
		WebClient client = WebClient.create("http://localhost:" + port);
		String body = SeedPayloads.simplePrint("job.started", "same-job", "same-printer");
		List<String> ids = Flux.range(0, 5)
			.flatMap(i -> client.post()
				.uri("/api/v1/webhooks/simpleprint")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.retrieve()
				.bodyToMono(Accepted.class), 5)
			.map(Accepted::id)
			.collectList()
			.block();
		assertThat(ids).hasSize(5).containsOnly(ids.get(0));
	}

	// --- operations

	@Test
	void createsSpoolsTopicsWithTheirPartitionsAndCompactsTheStateTopic(
			@Value("${spring.kafka.bootstrap-servers}") String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			List<String> names = List.of(Topics.EVENTS, Topics.STATE, Topics.DELIVERIES, Topics.DELIVERIES_DLT);
			Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
			assertThat(topics).hasSize(4).allSatisfy((name, topic) -> assertThat(topic.partitions()).hasSize(6));
			ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STATE);
			ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
			Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(state, events)).all().get();
			assertThat(configs.get(state).get("cleanup.policy").value()).isEqualTo("compact");
			assertThat(configs.get(events).get("cleanup.policy").value()).isEqualTo("delete");
		}
	}

	@Test
	void servesItsOpenApiDocumentWithTheProblemSchema() {
		String document = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		assertThat(document).contains("/api/v1/webhooks/{source}").contains("\"Problem\"")
			.contains("application/problem+json");
	}

	@Test
	void readinessIncludesKafka() {
		http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.kafka.status")
			.isEqualTo("UP");
		http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void prometheusCountsRequestsBySourceTypeAndOutcomeWithLatencyHistograms() {
		post("simpleprint", SeedPayloads.simplePrint("printer.offline", "j", "p")).expectStatus().isAccepted();
		post("simpleprint", "{}").expectStatus().isEqualTo(422);
		String metrics = http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("spool_ingest_requests_total{")
			.containsPattern("spool_ingest_requests_total\\{[^}]*outcome=\"accepted\"[^}]*source=\"simpleprint\"[^}]*type=\"printer.offline\"")
			.containsPattern("spool_ingest_requests_total\\{[^}]*outcome=\"unprocessable-payload\"")
			.contains("spool_ingest_request_latency_seconds_bucket{")
			.contains("spool_ingest_publish_latency_seconds_bucket{");
	}

}
