package io.spool.standalone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.spool.common.signing.HexSignature;
import io.spool.common.signing.StandardWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets never reach the logs: the whole pipeline in one JVM (both services, real Kafka and PostgreSQL) takes
 * signed webhooks of every signing kind, good and forged, a subscription with a secret whose subscriber is down,
 * and admin calls with right and wrong tokens; then every line the process wrote is scanned for each secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIT {

	private static final String ADMIN_TOKEN = "it-admin-token-7f3a9c";

	private static final String SUBSCRIPTION_SECRET = "it-subscription-secret-5d1e";

	private static final String MARKETPLACE_SECRET = "demo-marketplace-secret";

	private static final String PRINT_SERVICE_SECRET = "demo-print-service-secret";

	private static final String ERP_SECRET = "whsec_c3Bvb2wtZGVtby1lcnAtc2lnbmluZy1rZXktMzJieXQ=";

	@Test
	void noSecretAppearsInAnyLogLineOfTheWholePipeline(CapturedOutput output) throws Exception {
		int kafkaPort = Ports.freePortPair();
		int postgresPort = Ports.freePort();
		try (StandaloneApplication.Standalone standalone = StandaloneApplication.run(
				"--spool.standalone.kafka-port=" + kafkaPort, "--spool.standalone.postgres-port=" + postgresPort,
				"--spool.ingest.port=0", "--spool.dispatcher.port=0", "--spool.admin.token=" + ADMIN_TOKEN,
				"--spool.dispatcher.delivery.quick-backoff=10ms", "--logging.level.io.spool=debug")) {
			WebClient ingest = WebClient.create("http://localhost:" + port(standalone.ingest()));
			WebClient api = WebClient.create("http://localhost:" + port(standalone.dispatcher()));

			String product = "{\"event_type\":\"product.created\",\"event_id\":\"secret-scan-1\","
					+ "\"timestamp\":\"2025-11-12T10:00:00Z\",\"data\":{\"product_id\":\"s1\",\"title\":\"T\"}}";
			byte[] productBytes = product.getBytes(StandardCharsets.UTF_8);
			assertThat(post(ingest, "marketplace", product, "X-Webhook-Signature",
					HexSignature.SHA256_PREFIXED.sign(MARKETPLACE_SECRET, productBytes))).isEqualTo(202);
			assertThat(post(ingest, "marketplace", product, "X-Webhook-Signature",
					HexSignature.SHA256_PREFIXED.sign(MARKETPLACE_SECRET + "x", productBytes))).isEqualTo(401);
			String job = "{\"event\":\"job_status_update\",\"job_id\":\"s-job\",\"status\":\"PRINTING\"}";
			assertThat(post(ingest, "print-service", job, "X-Print-Service-Signature",
					HexSignature.BARE.sign(PRINT_SERVICE_SECRET, job.getBytes(StandardCharsets.UTF_8)))).isEqualTo(202);
			String order = "{\"type\":\"erp.order.updated\",\"subject\":\"order/s1\"}";
			long now = Instant.now().getEpochSecond();
			String signature = StandardWebhooks.fromSecret(ERP_SECRET).sign("msg-s1", now,
					order.getBytes(StandardCharsets.UTF_8));
			assertThat(post(ingest, "erp", order, "webhook-id", "msg-s1", "webhook-timestamp", Long.toString(now),
					"webhook-signature", signature)).isEqualTo(202);

			assertThat(admin(api, "Bearer wrong-token")).isEqualTo(403);
			assertThat(admin(api, "Bearer " + ADMIN_TOKEN)).isEqualTo(201);
			assertThat(post(ingest, "marketplace", product.replace("secret-scan-1", "secret-scan-2"),
					"X-Webhook-Signature", HexSignature.SHA256_PREFIXED.sign(MARKETPLACE_SECRET,
							product.replace("secret-scan-1", "secret-scan-2").getBytes(StandardCharsets.UTF_8))))
				.isEqualTo(202);
			// the subscriber is down: the delivery fails its quick attempts and waits for a delayed retry
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> api.get()
				.uri("/api/v1/deliveries?status=failed")
				.retrieve()
				.bodyToMono(String.class)
				.block()
				.contains("\"subject\":\"product/s1\""));
		}
		String logs = output.getAll();
		assertThat(logs).as("the pipeline logged something to scan").contains("Started");
		String erpKey = new String(Base64.getDecoder().decode(ERP_SECRET.substring("whsec_".length())),
				StandardCharsets.ISO_8859_1);
		for (String secret : List.of(ADMIN_TOKEN, SUBSCRIPTION_SECRET, MARKETPLACE_SECRET, PRINT_SERVICE_SECRET,
				ERP_SECRET, ERP_SECRET.substring("whsec_".length()), erpKey)) {
			assertThat(logs).as("logs must not contain a secret").doesNotContain(secret);
		}
	}

	private static String port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("local.server.port");
	}

	private static int admin(WebClient api, String authorization) {
		String body = "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"product.*\"],\"secret\":\""
				+ SUBSCRIPTION_SECRET + "\"}";
		return api.post()
			.uri("/api/v1/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", authorization)
			.bodyValue(body)
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block();
	}

	private static int post(WebClient ingest, String source, String body, String... headers) {
		return ingest.post()
			.uri("/api/v1/webhooks/" + source)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(h -> {
				for (int i = 0; i < headers.length; i += 2) {
					h.add(headers[i], headers[i + 1]);
				}
			})
			.bodyValue(body)
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block();
	}

}
