package io.spool.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.EventsProducer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher against a real in-process KRaft broker and a real PostgreSQL: events written to
 * {@code spool.events.v1} as the ingest writes them end in the expected state, exactly once, readable through
 * the API, on {@code spool.state.v1} and on the live stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class DispatcherIT {

	private static final JsonCodec codec = JsonCodec.standard();

	private static EventsProducer producer;

	@Autowired
	private WebTestClient http;

	@Autowired
	private DatabaseClient db;

	@Value("${local.server.port}")
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String database = EmbeddedDatabase.createDatabase();
		EmbeddedDatabase.properties(EmbeddedDatabase.shared().getPort(), database).forEach((k, v) -> registry.add(k, () -> v));
	}

	@BeforeAll
	static void openProducer(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
		producer = new EventsProducer(bootstrap);
	}

	@AfterAll
	static void closeProducer() {
		producer.close();
	}

	private JsonNode get(String path) {
		byte[] body = http.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return codec.readTree(body);
	}

	private void awaitField(String path, String field, String expected) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			var result = http.get().uri(path).exchange().returnResult(byte[].class);
			assertThat(result.getStatus().value()).as(path).isEqualTo(200);
			byte[] body = result.getResponseBodyContent();
			assertThat(codec.readTree(body).path(field).asString()).as(path + " " + field).isEqualTo(expected);
		});
	}

	private long logRows(String where) {
		return db.sql("select count(*) from event_log where " + where).map(r -> r.get(0, Long.class)).one().block();
	}

	@Test
	void startedThenFinishedShowsTheJobCompletedAndThePrinterIdle() {
		producer.sendAll(List.of(Events.simplePrint("job.started", "printer_123", "test_after_fix", 1730132000),
				Events.simplePrint("job.completed", "printer_123", "test_after_fix", 1730132600)));
		awaitField("/api/v1/jobs/test_after_fix", "status", "complete");
		JsonNode printer = get("/api/v1/printers/printer_123");
		assertThat(printer.path("state").asString()).isEqualTo("idle");
		assertThat(printer.path("currentJobId").isNull()).isTrue();
		assertThat(printer.path("version").asLong()).isEqualTo(2);
		JsonNode job = get("/api/v1/jobs/test_after_fix");
		assertThat(job.path("progress").asInt()).isEqualTo(100);
		assertThat(job.path("startedAt").asString()).isEqualTo("2024-10-28T16:13:20Z");
		assertThat(job.path("finishedAt").asString()).isEqualTo("2024-10-28T16:23:20Z");
		assertThat(job.has("webhookSecret")).isFalse();
	}

	@Test
	void thePrintServiceStatusMachineDrivesTheSameJobRecords() {
		String[] statuses = { "pending", "downloading", "slicing", "uploading", "printing" };
		List<CloudEvent> events = new ArrayList<>();
		for (int i = 0; i < statuses.length; i++) {
			events.add(Events.printService("550e8400-e29b", statuses[i], 1736935800L + i));
		}
		producer.sendAll(events);
		awaitField("/api/v1/jobs/550e8400-e29b", "status", "printing");
		producer.sendAll(List.of(Events.printService("550e8400-e29b", "complete", 1736935900L)));
		awaitField("/api/v1/jobs/550e8400-e29b", "status", "complete");
		assertThat(get("/api/v1/jobs/550e8400-e29b").path("version").asLong()).isEqualTo(6);
	}

	@Test
	void duplicatesChangeNothing() {
		CloudEvent started = Events.simplePrint("job.started", "dup-printer", "dup-job", 1730000000);
		producer.sendAll(List.of(started, started, started));
		awaitField("/api/v1/printers/dup-printer", "state", "printing");
		producer.sendAll(List.of(Events.simplePrint("printer.online", "dup-printer", null, 1730000001)));
		awaitField("/api/v1/printers/dup-printer", "state", "idle");
		assertThat(get("/api/v1/printers/dup-printer").path("version").asLong()).isEqualTo(2);
		assertThat(logRows("subject = 'printer/dup-printer'")).isEqualTo(2);
	}

	@Test
	void theSameEventsInShuffledOrderEndInTheSameState() {
		List<CloudEvent> events = new ArrayList<>();
		long t = 1731000000;
		for (int j = 0; j < 6; j++) {
			events.add(Events.simplePrint("job.started", "shuffle-a", "sj-" + j, t++));
			events.add(Events.progress("shuffle-a", "sj-" + j, t++, 50));
			events.add(Events.simplePrint(j % 3 == 0 ? "job.failed" : "job.completed", "shuffle-a", "sj-" + j, t++));
		}
		events.add(Events.simplePrint("job.started", "shuffle-a", "sj-last", t++));
		List<CloudEvent> mirrored = events.stream()
			.map(e -> e.type().equals("job.progress")
					? Events.progress("shuffle-b", "b" + e.data().path("jobId").asString(), e.time().getEpochSecond(), 50)
					: Events.simplePrint(e.type(), "shuffle-b", "b" + e.data().path("jobId").asString(),
							e.time().getEpochSecond()))
			.toList();
		List<CloudEvent> shuffled = new ArrayList<>(mirrored);
		Collections.shuffle(shuffled, new Random(42));
		producer.sendAll(events);
		producer.sendAll(shuffled);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> logRows("subject in ('printer/shuffle-a', 'printer/shuffle-b')") == events.size() * 2L);
		JsonNode a = get("/api/v1/printers/shuffle-a");
		JsonNode b = get("/api/v1/printers/shuffle-b");
		assertThat(b.path("state").asString()).isEqualTo(a.path("state").asString()).isEqualTo("printing");
		assertThat(b.path("currentJobId").asString()).isEqualTo("bsj-last");
		assertThat(b.path("version").asLong()).isEqualTo(a.path("version").asLong());
		for (int j = 0; j < 6; j++) {
			JsonNode jobA = get("/api/v1/jobs/sj-" + j);
			JsonNode jobB = get("/api/v1/jobs/bsj-" + j);
			assertThat(jobB.path("status").asString()).isEqualTo(jobA.path("status").asString());
			assertThat(jobB.path("progress").asInt()).isEqualTo(jobA.path("progress").asInt());
			assertThat(jobB.path("finishedAt").asString()).isEqualTo(jobA.path("finishedAt").asString());
		}
	}

	@Test
	void unknownEventsAreKeptAndNonsenseIsRecordedWithoutStallingThePartition() {
		String key = "printer/stall";
		producer.send(key, "this is not a CloudEvent".getBytes(StandardCharsets.UTF_8));
		producer.send(Events.simplePrint("printer.exploded", "stall", null, 1732000000));
		producer.send(Events.event("simpleprint", "job.started", key, 1732000001, "no-job-id",
				codec.object().put("printerId", "stall")));
		producer.sendAll(List.of(Events.simplePrint("printer.online", "stall", null, 1732000002)));
		awaitField("/api/v1/printers/stall", "state", "idle");

		assertThat(logRows("subject = 'printer/stall' and type = 'printer.exploded' and processed")).isEqualTo(1);
		assertThat(logRows("source = '_undecodable' and not processed and processing_error like 'not a CloudEvent%'"))
			.isEqualTo(1);
		assertThat(logRows("source_event_id = 'no-job-id' and not processed and processing_error like '%jobId%'"))
			.isEqualTo(1);
		JsonNode failed = get("/api/v1/events?status=failed&subject=printer/stall");
		assertThat(failed.path("items")).hasSize(2);
		assertThat(failed.path("items").get(0).path("processingError").asString()).contains("jobId");
		assertThat(failed.path("items").get(1).path("processingError").asString()).startsWith("not a CloudEvent");
	}

	@Test
	void publishesTheNewStateOfEachTouchedEntityToTheStateTopic(
			@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of("spool.state.v1"));
			producer.sendAll(List.of(Events.simplePrint("job.started", "state-printer", "state-job", 1733000000)));
			List<ConsumerRecord<String, String>> seen = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
				assertThat(seen).extracting(ConsumerRecord::key).contains("printer/state-printer", "job/state-job");
			});
			ConsumerRecord<String, String> printer = seen.stream()
				.filter(r -> r.key().equals("printer/state-printer"))
				.findFirst()
				.orElseThrow();
			JsonNode snapshot = codec.readTree(printer.value().getBytes(StandardCharsets.UTF_8));
			assertThat(snapshot.path("kind").asString()).isEqualTo("printer");
			assertThat(snapshot.path("state").asString()).isEqualTo("printing");
			assertThat(snapshot.path("currentJobId").asString()).isEqualTo("state-job");
			assertThat(snapshot.path("version").asLong()).isEqualTo(1);
		}
	}

	@Test
	void streamsStateChangesToServerSentEventClients() {
		Flux<ServerSentEvent<String>> stream = WebClient.create("http://localhost:" + port)
			.get()
			.uri("/api/v1/stream?kinds=printer")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
		var subscription = stream.subscribe(received::add);
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
				producer.sendAll(List.of(Events.simplePrint("printer.online", "sse-printer", null,
						1734000000 + received.size() + System.nanoTime() % 1000)));
				assertThat(received).anySatisfy(event -> {
					assertThat(event.event()).isEqualTo("printer");
					assertThat(event.id()).isEqualTo("printer/sse-printer");
					assertThat(event.data()).contains("\"state\":\"idle\"");
				});
			});
		}
		finally {
			subscription.dispose();
		}
	}

	@Test
	void listsWithFiltersAndCursorPagination() {
		List<CloudEvent> events = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			events.add(Events.simplePrint("job.started", "page-printer-" + i, "page-job-" + i, 1735000000 + i));
		}
		producer.sendAll(events);
		await().atMost(Duration.ofSeconds(20)).until(() -> logRows("subject like 'printer/page-printer-%'") == 7);

		List<String> ids = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = get("/api/v1/jobs?printerId=page-printer-3&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
			page.path("items").forEach(item -> ids.add(item.path("id").asString()));
			cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(ids).containsExactly("page-job-3");

		List<String> printers = new ArrayList<>();
		cursor = null;
		do {
			JsonNode page = get("/api/v1/printers?state=printing&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
			page.path("items").forEach(item -> printers.add(item.path("id").asString()));
			cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(printers).contains("page-printer-0", "page-printer-6").doesNotHaveDuplicates().isSorted();

		JsonNode eventsPage = get("/api/v1/events?source=simpleprint&type=job.started&limit=2");
		assertThat(eventsPage.path("items")).hasSize(2);
		String eventId = eventsPage.path("items").get(0).path("id").asString();
		JsonNode next = get("/api/v1/events?source=simpleprint&type=job.started&limit=2&cursor="
				+ eventsPage.path("nextCursor").asString());
		assertThat(next.path("items").get(0).path("id").asString()).isNotEqualTo(eventId);
		JsonNode one = get("/api/v1/events/" + eventId);
		assertThat(one.path("payload").path("type").asString()).isEqualTo("job.started");
		assertThat(one.path("kafka").path("topic").asString()).isEqualTo("spool.events.v1");
	}

	@Test
	void badQueriesAndUnknownIdsAreProblems() {
		http.get().uri("/api/v1/printers/nope").exchange().expectStatus().isNotFound().expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.type")
			.isEqualTo("urn:spool:problem:not-found");
		http.get().uri("/api/v1/printers?colour=red").exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.type").isEqualTo("urn:spool:problem:bad-query");
		http.get().uri("/api/v1/printers?online=maybe").exchange().expectStatus().isBadRequest();
		http.get().uri("/api/v1/jobs?limit=0").exchange().expectStatus().isBadRequest();
		http.get().uri("/api/v1/events?status=weird").exchange().expectStatus().isBadRequest();
		http.get().uri("/api/v1/events?since=yesterday").exchange().expectStatus().isBadRequest();
		http.get().uri("/api/v1/events?cursor=***").exchange().expectStatus().isBadRequest();
		http.get().uri("/api/v1/events/not-a-uuid").exchange().expectStatus().isNotFound();
	}

	@Test
	void servesItsOpenApiDocumentWithTheProblemSchema() {
		String document = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		assertThat(document).contains("/api/v1/printers/{id}", "/api/v1/subscriptions", "/api/v1/dead-letters/replay",
				"\"Problem\"", "application/problem+json");
	}

	@Test
	void exposesApplyMetricsAndHealth() {
		producer.sendAll(List.of(Events.simplePrint("printer.online", "metrics-printer", null, 1736000000)));
		awaitField("/api/v1/printers/metrics-printer", "state", "idle");
		String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(metrics).containsPattern("spool_dispatcher_events_total\\{[^}]*outcome=\"applied\"[^}]*type=\"printer.online\"")
			.contains("spool_dispatcher_apply_latency_seconds_bucket")
			.contains("spool_dispatcher_event_lag_seconds_bucket")
			.contains("kafka_consumer_fetch_manager_records_lag_max");
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.kafka.status").isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status").isEqualTo("UP");
	}

	@Test
	void readsPostgreSqlResultsInBinaryAsItsDefaultsSay(@Autowired ConnectionFactory connections) {
		ConnectionFactory driver = connections;
		while (driver instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
			driver = inner;
		}
		// the driver shows its configuration only in its description; the URL of this test does not ask for it,
		// so only spring.r2dbc.properties.forceBinary in the dispatcher's defaults can have set it
		assertThat(driver.getClass().getSimpleName()).isEqualTo("PostgresqlConnectionFactory");
		assertThat(driver.toString()).contains("forceBinary='true'");
	}

	@Test
	void checksPooledConnectionsWithoutARoundTripAsItsDefaultsSay(@Autowired R2dbcProperties r2dbc) {
		// a validation query is a round trip at every acquire (docs/benchmarks.md, ninth round)
		assertThat(r2dbc.getPool().getValidationQuery()).isNull();
		assertThat(r2dbc.getPool().getValidationDepth()).isEqualTo(ValidationDepth.LOCAL);
	}

}
