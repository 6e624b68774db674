package io.spool.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.signing.HexSignature;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.EventsProducer;
import io.spool.dispatcher.support.Receiver;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outbound deliveries to real HTTP receivers, from events on a real broker applied to a real PostgreSQL, with
 * the whole retry schedule in milliseconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spool.dispatcher.delivery.allow-private-networks=true",
				"spool.dispatcher.delivery.schedule=50ms,50ms", "spool.dispatcher.delivery.quick-attempts=2",
				"spool.dispatcher.delivery.quick-backoff=10ms", "spool.dispatcher.delivery.poll-interval=100ms",
				"spool.dispatcher.delivery.timeout=5s", "spool.dispatcher.delivery.circuit-window=4",
				"spool.dispatcher.delivery.circuit-open-for=500ms" })
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class DeliveryIT {

	private static final String ADMIN = "Bearer it-admin-token";

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final JsonCodec codec = JsonCodec.standard();

	private static EventsProducer producer;

	private static String bootstrap;

	@Autowired
	private WebTestClient http;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private CircuitBreakerRegistry circuits;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String database = EmbeddedDatabase.createDatabase();
		EmbeddedDatabase.properties(EmbeddedDatabase.shared().getPort(), database).forEach((k, v) -> registry.add(k, () -> v));
	}

	@BeforeAll
	static void openProducer(@Value("${spring.kafka.bootstrap-servers}") String servers) {
		bootstrap = servers;
		producer = new EventsProducer(servers);
	}

	@AfterAll
	static void closeProducer() {
		producer.close();
	}

	private String subscribe(Receiver receiver, String subject, String format, String secret) {
		String body = "{\"url\": \"" + receiver.url("/hook") + "\", \"eventTypes\": [\"*\"], \"subject\": \"" + subject
				+ "\", \"format\": \"" + format + "\"" + (secret == null ? "" : ", \"secret\": \"" + secret + "\"") + "}";
		byte[] created = http.post().uri("/api/v1/subscriptions").header("Authorization", ADMIN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated()
			.expectBody().returnResult().getResponseBody();
		return codec.readTree(created).path("id").asString();
	}

	private JsonNode deliveries(String subscriptionId) {
		return codec.readTree(http.get().uri("/api/v1/deliveries?subscriptionId=" + subscriptionId).exchange()
			.expectStatus().isOk().expectBody().returnResult().getResponseBody()).path("items");
	}

	private String status(String subscriptionId) {
		JsonNode items = deliveries(subscriptionId);
		return items.isEmpty() ? null : items.get(0).path("status").asString();
	}

	private static Map<String, List<String>> headers(RecordedRequest request) {
		return request.getHeaders().toMultimap();
	}

	@Test
	void deliversTheCloudEventSignedSoTheReferenceLibraryVerifiesIt() throws Exception {
		try (Receiver receiver = new Receiver()) {
			String subscription = subscribe(receiver, "printer/deliver-1", "cloudevents", SECRET);
			CloudEvent started = Events.simplePrint("job.started", "deliver-1", "dj-1", 1750000000);
			producer.sendAll(List.of(new CloudEvent(started.specversion(), started.id(), started.source(), started.type(),
					started.subject(), started.time(), started.datacontenttype(), started.data(), started.sourceeventid(),
					started.sourcetype(), started.receivedat(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
			await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(status(subscription)));

			assertThat(receiver.requests()).hasSize(1);
			RecordedRequest request = receiver.requests().get(0);
			String body = request.getBody().utf8();
			new Webhook(SECRET).verify(body, headers(request));
			assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/cloudevents+json");
			assertThat(request.getHeaders().get("User-Agent")).startsWith("Spool/");
			assertThat(request.getHeaders().get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
			JsonNode event = codec.readTree(body.getBytes(StandardCharsets.UTF_8));
			assertThat(event.path("type").asString()).isEqualTo("job.started");
			assertThat(event.path("subject").asString()).isEqualTo("printer/deliver-1");

			JsonNode delivery = deliveries(subscription).get(0);
			assertThat(delivery.path("id").asString()).isEqualTo(request.getHeaders().get("webhook-id"));
			String metrics = http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
				.getResponseBody();
			assertThat(metrics).containsPattern("spool_delivery_deliveries_total\\{[^}]*outcome=\"sent\"[^}]*subscription=\"" + subscription)
				.contains("spool_delivery_attempts_total{")
				.contains("spool_delivery_latency_seconds_bucket")
				.contains("resilience4j_circuitbreaker_state{");
			assertThat(delivery.path("responseCode").asInt()).isEqualTo(200);
			assertThat(delivery.path("sentAt").asString()).isNotEmpty();
			assertThat(delivery.path("attemptLog")).hasSize(1);
			assertThat(delivery.path("provenance").path("topic").asString()).isEqualTo("spool.events.v1");
		}
	}

	@Test
	void anEventForManySubscribersStoresItsBodyOnceAndEachGetsTheSameBytes() {
		try (Receiver first = new Receiver(); Receiver second = new Receiver(); Receiver third = new Receiver()) {
			subscribe(first, "printer/fan-1", "cloudevents", SECRET);
			subscribe(second, "printer/fan-1", "cloudevents", null);
			subscribe(third, "printer/fan-1", "cloudevents", "another-secret");
			CloudEvent event = Events.simplePrint("printer.online", "fan-1", null, 1750000050);
			producer.sendAll(List.of(event));
			await().atMost(Duration.ofSeconds(15)).until(() -> first.requests().size() == 1
					&& second.requests().size() == 1 && third.requests().size() == 1);

			String body = first.requests().get(0).getBody().utf8();
			assertThat(second.requests().get(0).getBody().utf8()).isEqualTo(body);
			assertThat(third.requests().get(0).getBody().utf8()).isEqualTo(body);
			assertThat(codec.readTree(body.getBytes(StandardCharsets.UTF_8)).path("subject").asString())
				.isEqualTo("printer/fan-1");
			// three deliveries, one stored body: the row of a delivery holds only what differs per target
			Long bodies = db.sql("""
					select count(*) from delivery_bodies b where b.event_id in (
					    select event_id from deliveries d join subscriptions s on s.id = d.subscription_id
					    where s.subject = 'printer/fan-1')""").map(row -> row.get(0, Long.class)).one().block();
			Long deliveries = db.sql("""
					select count(*) from deliveries d join subscriptions s on s.id = d.subscription_id
					where s.subject = 'printer/fan-1'""").map(row -> row.get(0, Long.class)).one().block();
			assertThat(deliveries).isEqualTo(3);
			assertThat(bodies).isEqualTo(1);
		}
	}

	@Test
	void copiesOfATaskArrivingWhileItsDeliveryIsBeingMadeSendItOnce() throws Exception {
		try (Receiver receiver = new Receiver();
				KafkaProducer<String, byte[]> tasks = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
						bootstrap), new StringSerializer(), new ByteArraySerializer())) {
			receiver.answer(r -> new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).build());
			String subscription = subscribe(receiver, "printer/copies-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "copies-1", null, 1750000070)));
			await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
			String deliveryId = receiver.requests().get(0).getHeaders().get("webhook-id");

			// what the poller hands back when a delivery looks lost while its first task is still being made
			for (int i = 0; i < 3; i++) {
				tasks.send(new ProducerRecord<>(Topics.DELIVERIES, subscription,
						("{\"deliveryId\":\"" + deliveryId + "\"}").getBytes(StandardCharsets.UTF_8))).get();
			}

			await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(status(subscription)));
			Thread.sleep(1_500);
			assertThat(receiver.requests()).as("one request, although the claim does not mark the row").hasSize(1);
		}
	}

	@Test
	void aJobsOwnWebhookGetsThePrintServiceFormatSignedWithItsSecret() {
		try (Receiver receiver = new Receiver()) {
			http.put().uri("/api/v1/jobs/ps-deliver-1/webhook").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"url\": \"" + receiver.url("/print-status") + "\", \"secret\": \"job-secret\"}")
				.exchange().expectStatus().isOk();
			producer.sendAll(List.of(Events.printService("ps-deliver-1", "slicing", 1750000100)));
			await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
			RecordedRequest request = receiver.requests().get(0);
			byte[] body = request.getBody().toByteArray();
			assertThat(request.getHeaders().get("X-Print-Service-Event")).isEqualTo("job-status-update");
			assertThat(request.getHeaders().get("X-Print-Service-Signature"))
				.isEqualTo(HexSignature.BARE.sign("job-secret", body));
			JsonNode payload = codec.readTree(body);
			assertThat(payload.path("event").asString()).isEqualTo("job_status_update");
			assertThat(payload.path("job_id").asString()).isEqualTo("ps-deliver-1");
			assertThat(payload.path("status").asString()).isEqualTo("slicing");
			assertThat(payload.path("job").path("filename").asString()).isEqualTo("model.stl");
		}
	}

	@Test
	void theWholeScheduleEndsDeadWithADeadLetterCarryingItsProvenance() {
		try (Receiver receiver = new Receiver();
				KafkaConsumer<String, String> dlt = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
						bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
						new StringDeserializer())) {
			receiver.answer(503);
			String subscription = subscribe(receiver, "printer/dead-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "dead-1", null, 1750000200)));
			await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(status(subscription)));

			// 2 quick attempts, then 2 more at the first delayed retry; after those 4 failures in its window of 4
			// the subscriber's circuit opens, so the last delayed retry finds it open (no quick retries against an
			// open circuit) and the schedule is over
			assertThat(receiver.requests()).hasSize(4);
			JsonNode delivery = deliveries(subscription).get(0);
			assertThat(delivery.path("attempts").asInt()).isEqualTo(5);
			assertThat(delivery.path("retryCount").asInt()).isEqualTo(2);
			assertThat(delivery.path("attemptLog")).extracting(a -> a.path("errorType").asString())
				.containsExactly("http_5xx", "http_5xx", "http_5xx", "http_5xx", "circuit_open");
			assertThat(receiver.requests()).extracting(r -> r.getHeaders().get("webhook-id")).containsOnly(delivery.path("id").asString());

			dlt.subscribe(List.of("spool.deliveries.dlt.v1"));
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
				dlt.poll(Duration.ofMillis(200)).forEach(records::add);
				assertThat(records).anySatisfy(record -> {
					assertThat(record.key()).isEqualTo(subscription);
					JsonNode letter = codec.readTree(record.value().getBytes(StandardCharsets.UTF_8));
					assertThat(letter.path("task").path("id").asString()).isEqualTo(delivery.path("id").asString());
					assertThat(letter.path("attempts")).hasSize(5);
					assertThat(letter.path("lastError").path("type").asString()).isEqualTo("circuit_open");
					assertThat(letter.path("provenance").path("topic").asString()).isEqualTo("spool.events.v1");
					assertThat(letter.path("provenance").path("offset").isNumber()).isTrue();
				});
			});
		}
	}

	@Test
	void aClientErrorIsNotRetried() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(400);
			String subscription = subscribe(receiver, "printer/bad-request-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "bad-request-1", null, 1750000300)));
			await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(subscription)));
			assertThat(receiver.requests()).hasSize(1);
			assertThat(deliveries(subscription).get(0).path("errorType").asString()).isEqualTo("http_4xx");
		}
	}

	@Test
	void goneDisablesTheSubscriptionAndSaysSo() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(410);
			String subscription = subscribe(receiver, "printer/gone-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "gone-1", null, 1750000400)));
			await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(subscription)));
			http.get().uri("/api/v1/subscriptions/" + subscription).exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.enabled").isEqualTo(false)
				.jsonPath("$.disabledReason").value(reason -> assertThat((String) reason).startsWith("410 Gone"));
			producer.sendAll(List.of(Events.simplePrint("printer.offline", "gone-1", null, 1750000401)));
			await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 1);
		}
	}

	@Test
	void retryAfterIsHonoured() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(request -> receiverRequests(receiver) <= 1
					? new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build()
					: new MockResponse.Builder().code(200).build());
			String subscription = subscribe(receiver, "printer/retry-after-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "retry-after-1", null, 1750000500)));
			await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(status(subscription)));
			assertThat(receiver.requests()).hasSize(2);
			JsonNode attempts = deliveries(subscription).get(0).path("attemptLog");
			Instant first = Instant.parse(attempts.get(0).path("attemptedAt").asString());
			Instant second = Instant.parse(attempts.get(1).path("attemptedAt").asString());
			assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		}
	}

	private static int receiverRequests(Receiver receiver) {
		return receiver.requests().size();
	}

	@Test
	void aSubscribersCircuitOpensWhileItFailsAndClosesWhenItRecovers() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(500);
			String subscription = subscribe(receiver, "printer/circuit-1", "cloudevents", null);
			for (int i = 0; i < 3; i++) {
				producer.send(Events.simplePrint("printer.online", "circuit-1", null, 1750000600 + i));
			}
			producer.flush();
			CircuitBreaker circuit = circuits.circuitBreaker(subscription);
			await().atMost(Duration.ofSeconds(15)).until(() -> circuit.getState() == CircuitBreaker.State.OPEN);
			await().atMost(Duration.ofSeconds(15)).until(() -> db.sql(
					"select count(*) from delivery_attempts a join deliveries d on d.id = a.delivery_id "
							+ "where d.subscription_id = '" + subscription + "' and a.error_type = 'circuit_open'")
				.map(r -> r.get(0, Long.class)).one().block() > 0);
			receiver.answer(200);
			producer.sendAll(List.of(Events.simplePrint("printer.offline", "circuit-1", null, 1750000700)));
			await().atMost(Duration.ofSeconds(15)).until(() -> circuit.getState() == CircuitBreaker.State.CLOSED);
		}
	}

	@Test
	void aSubscriberDownForTheWholeScheduleGetsEachDeadLetterExactlyOnceOnReplayAndADryRunSendsNothing() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(500);
			String subscription = subscribe(receiver, "printer/replay-1", "cloudevents", null);
			for (int i = 0; i < 3; i++) {
				producer.send(Events.simplePrint("printer.online", "replay-1", null, 1750000800 + i));
			}
			producer.flush();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				JsonNode items = deliveries(subscription);
				return items.size() == 3 && java.util.stream.StreamSupport.stream(items.spliterator(), false)
					.allMatch(d -> d.path("status").asString().equals("dead"));
			});
			receiver.answer(200);
			int before = receiver.requests().size();

			String replay = "{\"subscriptionId\": \"" + subscription + "\", \"dryRun\": true}";
			http.post().uri("/api/v1/dead-letters/replay").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(replay).exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.matched").isEqualTo(3).jsonPath("$.replayed").isEqualTo(0);
			assertThat(receiver.requests()).hasSize(before);

			http.post().uri("/api/v1/dead-letters/replay").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"subscriptionId\": \"" + subscription + "\", \"ratePerSecond\": 100}").exchange()
				.expectStatus().isOk().expectBody().jsonPath("$.matched").isEqualTo(3).jsonPath("$.replayed").isEqualTo(3);
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				JsonNode items = deliveries(subscription);
				return java.util.stream.StreamSupport.stream(items.spliterator(), false)
					.allMatch(d -> d.path("status").asString().equals("sent"));
			});
			List<String> replayedIds = receiver.requests().subList(before, receiver.requests().size()).stream()
				.map(r -> r.getHeaders().get("webhook-id")).toList();
			assertThat(replayedIds).hasSize(3).doesNotHaveDuplicates();

			http.post().uri("/api/v1/dead-letters/replay").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"subscriptionId\": \"" + subscription + "\"}")
				.exchange().expectStatus().isOk().expectBody().jsonPath("$.matched").isEqualTo(0);
			assertThat(db.sql("select count(*) from replays").map(r -> r.get(0, Long.class)).one().block()).isGreaterThanOrEqualTo(3);
			http.post().uri("/api/v1/dead-letters/replay").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
				.exchange().expectStatus().isUnauthorized();
		}
	}

	@Test
	void aDeliveryCanBeRetriedByHand() {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(404);
			String subscription = subscribe(receiver, "printer/manual-1", "cloudevents", null);
			producer.sendAll(List.of(Events.simplePrint("printer.online", "manual-1", null, 1750000900)));
			await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(subscription)));
			receiver.answer(200);
			String id = deliveries(subscription).get(0).path("id").asString();
			http.post().uri("/api/v1/deliveries/" + id + "/retry").exchange().expectStatus().isUnauthorized();
			http.post().uri("/api/v1/deliveries/" + id + "/retry").header("Authorization", ADMIN).exchange()
				.expectStatus().isOk();
			await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(status(subscription)));
			assertThat(receiver.requests()).extracting(r -> r.getHeaders().get("webhook-id")).containsOnly(id);
		}
	}

	@Test
	void aTargetThatIsLinkLocalAtSendTimeIsRefused() {
		UUID id = UUID.randomUUID();
		db.sql("insert into subscriptions (id, url, event_types, subject) values ($1, 'http://169.254.169.254/latest', "
				+ "array['*'], 'printer/metadata-1')").bind(0, id).then().block();
		producer.sendAll(List.of(Events.simplePrint("printer.online", "metadata-1", null, 1750001000)));
		await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(id.toString())));
		assertThat(deliveries(id.toString()).get(0).path("errorType").asString()).isEqualTo("blocked_target");
	}

	@Test
	void aSubscriberThatNeverAnswersDoesNotHoldUpTheOthers() {
		try (Receiver hanging = new Receiver()) {
			List<Receiver> healthy = new java.util.ArrayList<>();
			try {
				hanging.answer(r -> new MockResponse.Builder().code(200).headersDelay(30, java.util.concurrent.TimeUnit.SECONDS)
					.build());
				String stuck = subscribe(hanging, "printer/isolation-1", "cloudevents", null);
				List<String> fine = new java.util.ArrayList<>();
				for (int i = 0; i < 5; i++) {
					Receiver receiver = new Receiver();
					healthy.add(receiver);
					fine.add(subscribe(receiver, "printer/isolation-1", "cloudevents", null));
				}
				for (int i = 0; i < 20; i++) {
					producer.send(Events.simplePrint("printer.online", "isolation-1", null, 1750001100 + i));
				}
				producer.flush();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> healthy.stream().allMatch(receiver -> receiver.requests().size() == 20));
				// The hanging subscriber's first attempt only ends at the 5 s timeout: had any healthy delivery
				// waited behind it (head-of-line blocking), it would have been sent after that.
				await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(stuck).size() == 20
						&& java.util.stream.StreamSupport.stream(deliveries(stuck).spliterator(), false)
							.anyMatch(d -> d.path("attempts").asInt() > 0));
				Instant firstTimeout = java.util.stream.StreamSupport.stream(deliveries(stuck).spliterator(), false)
					.flatMap(d -> java.util.stream.StreamSupport.stream(d.path("attemptLog").spliterator(), false))
					.map(a -> Instant.parse(a.path("attemptedAt").asString()))
					.min(Instant::compareTo)
					.orElseThrow();
				for (String subscription : fine) {
					JsonNode items = deliveries(subscription);
					assertThat(items).hasSize(20).allSatisfy(d -> {
						assertThat(d.path("status").asString()).isEqualTo("sent");
						assertThat(Instant.parse(d.path("sentAt").asString())).isBefore(firstTimeout);
					});
				}
				assertThat(hanging.requests()).isNotEmpty();
			}
			finally {
				healthy.forEach(Receiver::close);
			}
		}
	}

}
