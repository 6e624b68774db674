package io.spool.dispatcher;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.support.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
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

/** The subscription and job-webhook API: the admin token, validation, the target rules, and secrets never returned. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class SubscriptionApiIT {

	private static final String ADMIN = "Bearer it-admin-token";

	private static final String VALID = """
			{"url": "https://93.184.215.14/hooks", "eventTypes": ["job.*", "printer.online"], "source": "simpleprint",
			 "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "format": "cloudevents"}""";

	@Autowired
	private WebTestClient http;

	@Autowired
	private DatabaseClient db;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String database = EmbeddedDatabase.createDatabase();
		EmbeddedDatabase.properties(EmbeddedDatabase.shared().getPort(), database).forEach((k, v) -> registry.add(k, () -> v));
	}

	private WebTestClient.ResponseSpec post(String body, String authorization) {
		WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON);
		if (authorization != null) {
			request = request.header("Authorization", authorization);
		}
		return request.bodyValue(body).exchange();
	}

	private long subscriptions() {
		return db.sql("select count(*) from subscriptions").map(r -> r.get(0, Long.class)).one().block();
	}

	@Test
	void createsReadsReplacesAndDeletesASubscriptionWithoutEverReturningItsSecret() {
		byte[] created = post(VALID, ADMIN).expectStatus().isCreated().expectBody()
			.jsonPath("$.id").isNotEmpty()
			.jsonPath("$.url").isEqualTo("https://93.184.215.14/hooks")
			.jsonPath("$.eventTypes[0]").isEqualTo("job.*")
			.jsonPath("$.hasSecret").isEqualTo(true)
			.jsonPath("$.enabled").isEqualTo(true)
			.jsonPath("$.secret").doesNotExist()
			.returnResult().getResponseBody();
		assertThat(new String(created)).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
		String id = JsonCodec.standard().readTree(created).path("id").asString();

		http.get().uri("/api/v1/subscriptions/" + id).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.secret").doesNotExist().jsonPath("$.source").isEqualTo("simpleprint");
		byte[] listed = http.get().uri("/api/v1/subscriptions").exchange().expectStatus().isOk().expectBody()
			.returnResult().getResponseBody();
		assertThat(new String(listed)).contains(id).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		http.put().uri("/api/v1/subscriptions/" + id).header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"url\": \"https://93.184.215.14/v2\", \"eventTypes\": [\"*\"], \"enabled\": false}")
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.url").isEqualTo("https://93.184.215.14/v2")
			.jsonPath("$.enabled").isEqualTo(false)
			.jsonPath("$.hasSecret").isEqualTo(true);

		http.delete().uri("/api/v1/subscriptions/" + id).header("Authorization", ADMIN).exchange().expectStatus().isNoContent();
		http.get().uri("/api/v1/subscriptions/" + id).exchange().expectStatus().isNotFound();
	}

	@Test
	void everyMutationWithoutTheAdminTokenIs401AndWithAnotherIs403() {
		long before = subscriptions();
		post(VALID, null).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		post(VALID, "Bearer wrong").expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		post(VALID, "Basic aXQtYWRtaW4tdG9rZW4=").expectStatus().isUnauthorized();
		http.put().uri("/api/v1/subscriptions/00000000-0000-0000-0000-000000000000").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VALID).exchange().expectStatus().isUnauthorized();
		http.delete().uri("/api/v1/subscriptions/00000000-0000-0000-0000-000000000000").header("Authorization", "Bearer x")
			.exchange().expectStatus().isForbidden();
		http.put().uri("/api/v1/jobs/j1/webhook").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"url\": \"https://93.184.215.14/job\"}").exchange().expectStatus().isUnauthorized();
		assertThat(subscriptions()).isEqualTo(before);
	}

	@Test
	void refusesPrivateLoopbackAndLinkLocalTargetsAndChangesNothing() {
		long before = subscriptions();
		for (String url : new String[] { "http://127.0.0.1:9000/x", "http://localhost/x", "http://10.0.0.8/x",
				"http://[::1]/x", "http://[::ffff:192.168.0.1]/x", "http://169.254.169.254/latest/meta-data",
				"http://[fe80::1]/x", "http://2130706433/x" }) {
			post("{\"url\": \"" + url + "\", \"eventTypes\": [\"*\"]}", ADMIN).expectStatus().isEqualTo(422)
				.expectBody().jsonPath("$.type").isEqualTo("urn:spool:problem:blocked-target");
		}
		assertThat(subscriptions()).isEqualTo(before);
	}

	@Test
	void refusesRequestsThatMakeNoSense() {
		post("{\"url\": \"https://93.184.215.14/x\"}", ADMIN).expectStatus().isBadRequest().expectBody()
			.jsonPath("$.type").isEqualTo("urn:spool:problem:invalid-subscription");
		post("{\"url\": \"https://93.184.215.14/x\", \"eventTypes\": [\"job.*\"], \"format\": \"xml\"}", ADMIN)
			.expectStatus().isBadRequest();
		post("{\"url\": \"https://93.184.215.14/x\", \"eventTypes\": [\"job.* OR 1=1\"]}", ADMIN).expectStatus().isBadRequest();
		post("{\"url\": \"ftp://93.184.215.14/x\", \"eventTypes\": [\"*\"]}", ADMIN).expectStatus().isEqualTo(422);
		post("{not json", ADMIN).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void setsAJobsOwnWebhookWithoutReturningItsSecret() {
		JsonNode answer = JsonCodec.standard().readTree(http.put().uri("/api/v1/jobs/ps-job-1/webhook")
			.header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"url\": \"https://93.184.215.14/print-status\", \"secret\": \"job-secret\"}")
			.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(answer.path("hasSecret").asBoolean()).isTrue();
		assertThat(answer.toString()).doesNotContain("job-secret");
		String stored = db.sql("select webhook_url from print_jobs where id = 'ps-job-1'").map(r -> r.get(0, String.class))
			.one().block();
		assertThat(stored).isEqualTo("https://93.184.215.14/print-status");
		http.get().uri("/api/v1/jobs/ps-job-1").exchange().expectStatus().isNotFound();
		http.put().uri("/api/v1/jobs/ps-job-1/webhook").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"url\": \"http://169.254.169.254/\"}").exchange().expectStatus().isEqualTo(422);
	}

}
