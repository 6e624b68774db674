package io.spool.dispatcher.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.standardwebhooks.Webhook;
import io.spool.common.signing.HexSignature;
import io.spool.dispatcher.subscription.DeliveryFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundFormatterTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final URI TARGET = URI.create("https://hooks.example.com/in");

	private final OutboundFormatter formatter = new OutboundFormatter("1.2.3");

	private static Map<String, List<String>> multimap(Map<String, String> headers) {
		return headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
	}

	@Test
	void signsCloudEventsSoTheReferenceLibraryVerifiesThem() throws Exception {
		String body = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"job.started\"}";
		OutboundRequest request = formatter.format(TARGET, "d-1", DeliveryFormat.CLOUDEVENTS, body, SECRET,
				Instant.now());
		new Webhook(SECRET).verify(body, multimap(request.headers()));
		assertThat(request.headers()).containsEntry("webhook-id", "d-1")
			.containsEntry("Content-Type", "application/cloudevents+json")
			.containsEntry("User-Agent", "Spool/1.2.3");
		assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(body);
	}

	@Test
	void continuesTheEventsTraceAsAChildSpan() {
		OutboundRequest request = formatter.format(TARGET, "d-1", DeliveryFormat.CLOUDEVENTS, "{}", null, Instant.now(),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(request.headers().get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
			.doesNotContain("00f067aa0ba902b7");
		assertThat(formatter.format(TARGET, "d-1", DeliveryFormat.CLOUDEVENTS, "{}", null, Instant.now()).headers())
			.doesNotContainKey("traceparent");
	}

	@Test
	void leavesTheSignatureOutWithoutASecret() {
		OutboundRequest request = formatter.format(TARGET, "d-1", DeliveryFormat.CLOUDEVENTS, "{}", null, Instant.now());
		assertThat(request.headers()).containsKey("webhook-timestamp").doesNotContainKey("webhook-signature");
	}

	@Test
	void signsWithAPlainSecretAsTheKeysBytes() {
		Instant now = Instant.ofEpochSecond(1_700_000_000);
		OutboundRequest request = formatter.format(TARGET, "d-1", DeliveryFormat.CLOUDEVENTS, "{}", "plain-secret", now);
		String expected = io.spool.common.signing.StandardWebhooks
			.fromKey("plain-secret".getBytes(StandardCharsets.UTF_8))
			.sign("d-1", now.getEpochSecond(), "{}".getBytes(StandardCharsets.UTF_8));
		assertThat(request.headers()).containsEntry("webhook-signature", expected);
	}

	@Test
	void printServiceDeliveriesCarrySeed004sHeadersAndTheHexHmacOfTheBody() {
		String body = "{\"event\":\"job_status_update\",\"job_id\":\"j1\",\"status\":\"printing\"}";
		OutboundRequest request = formatter.format(TARGET, "d-2", DeliveryFormat.PRINT_SERVICE, body, "s3cret",
				Instant.now());
		assertThat(request.headers()).containsEntry("X-Print-Service-Event", "job-status-update")
			.containsEntry("Content-Type", "application/json")
			.containsEntry("X-Print-Service-Signature",
					HexSignature.BARE.sign("s3cret", body.getBytes(StandardCharsets.UTF_8)));
	}

}
