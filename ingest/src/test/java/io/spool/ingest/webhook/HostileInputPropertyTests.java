package io.spool.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import io.spool.common.signing.SignatureException;
import io.spool.ingest.webhook.mapping.GenericFormat;
import io.spool.ingest.webhook.mapping.MarketplaceFormat;
import io.spool.ingest.webhook.mapping.PayloadFormat;
import io.spool.ingest.webhook.mapping.PrintServiceFormat;
import io.spool.ingest.webhook.mapping.SimplePrintFormat;
import io.spool.ingest.webhook.mapping.UnusablePayloadException;
import io.spool.ingest.webhook.verify.HmacVerifier;
import io.spool.ingest.webhook.verify.StandardWebhooksVerifier;
import io.spool.ingest.webhook.verify.TokenVerifier;
import io.spool.ingest.webhook.verify.Verifier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Property-based: no payload makes a format mapper, and no header or body makes a verifier, throw anything but
 * our own error types (which the web adapter turns into a 4xx). Payloads are random JSON objects built from the
 * formats' own field names and hostile values (wrong types, impossible timestamps, huge numbers, odd text).
 */
class HostileInputPropertyTests {

	private static final List<String> KEYS = List.of("event", "event_type", "event_id", "type", "subject", "data",
			"job", "job_id", "id", "status", "timestamp", "printer", "printer_id", "product_id", "title", "image_key",
			"state", "progress", "name", "filename", "started", "error_message", "webhook_id", "x", "");

	private static final List<String> TEXTS = List.of("", " ", "job.started", "job.progress", "printer.online",
			"product.updated", "product.image_updated", "job_status_update", "PRINTING", "failed", "2025-11-12T10:00:00Z",
			"2025-13-45T99:61:61Z", "2025-11-12", "1731405600", "not a time", "-0", "1e999", "NaN", "\u0000", "\uD800",
			"../../etc/passwd", "${jndi:ldap://x}", "a".repeat(300), "🖨️", "null");

	private static final List<PayloadFormat> FORMATS = List.of(new SimplePrintFormat(), new MarketplaceFormat(),
			new PrintServiceFormat(), new GenericFormat("X-Event-Type", "/type", "/subject"),
			new GenericFormat(null, "/data/0/type", "/job/id"));

	@Property(tries = 3000)
	void noPayloadMakesAFormatThrowAnythingButUnusablePayload(@ForAll long seed) {
		Random random = new Random(seed);
		ObjectNode payload = object(random, 0);
		WebhookRequest request = request(random);
		for (PayloadFormat format : FORMATS) {
			try {
				format.normalize(payload, request);
			}
			catch (UnusablePayloadException expected) {
				// answered 422
			}
		}
	}

	@Example
	void aTimestampPastTheRangeOfLongIsNoTimeRatherThanAnError() {
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		payload.put("event_type", "product.updated");
		payload.put("timestamp", new java.math.BigInteger("645084771280589318707611316413061313732208344511676866570209"));
		payload.putObject("data").put("product_id", "p1");
		org.assertj.core.api.Assertions.assertThat(new MarketplaceFormat().normalize(payload, request(new Random(1))).time())
			.isNull();
	}

	@Property(tries = 3000)
	void noHeadersOrBodyMakeAVerifierThrowAnythingButSignatureException(@ForAll long seed, @ForAll byte[] body) {
		Random random = new Random(seed);
		WebhookRequest request = request(random);
		List<Verifier> verifiers = List.of(new HmacVerifier("X-Webhook-Signature", "sha256=", List.of("s3cret")),
				new HmacVerifier("X-Print-Service-Signature", "", List.of("s3cret", "previous")),
				new StandardWebhooksVerifier(List.of("whsec_c3Bvb2wtZGVtby1lcnAtc2lnbmluZy1rZXktMzJieXQ="),
						Duration.ofMinutes(5)),
				new TokenVerifier(List.of("token-1")));
		for (Verifier verifier : verifiers) {
			try {
				verifier.verify(request, body, Instant.now());
			}
			catch (SignatureException expected) {
				// answered 401
			}
		}
	}

	private static WebhookRequest request(Random random) {
		HttpHeaders headers = new HttpHeaders();
		List<String> names = List.of("X-Webhook-Signature", "X-Print-Service-Signature", "webhook-id",
				"webhook-timestamp", "webhook-signature", "Authorization", "X-Spool-Token", "X-Event-Type", "traceparent");
		for (String name : names) {
			if (random.nextBoolean()) {
				headers.add(name, headerValue(random));
			}
		}
		LinkedMultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		if (random.nextBoolean()) {
			query.add("token", headerValue(random));
		}
		return new WebhookRequest("source", headers, query, Instant.now());
	}

	private static String headerValue(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> "";
			case 1 -> "sha256=" + "0".repeat(random.nextInt(80));
			case 2 -> "v1," + "A".repeat(random.nextInt(60)) + " v1a,xyz v2,==";
			case 3 -> Long.toString(random.nextLong());
			case 4 -> "Bearer " + TEXTS.get(random.nextInt(TEXTS.size()));
			case 5 -> "00-" + "f".repeat(random.nextInt(40)) + "-01";
			case 6 -> new String(bytes(random, random.nextInt(40)), StandardCharsets.ISO_8859_1);
			default -> TEXTS.get(random.nextInt(TEXTS.size()));
		};
	}

	private static byte[] bytes(Random random, int n) {
		byte[] b = new byte[n];
		random.nextBytes(b);
		for (int i = 0; i < n; i++) {
			b[i] = (byte) (32 + Math.floorMod(b[i], 95)); // printable, as an HTTP header must be
		}
		return b;
	}

	private static ObjectNode object(Random random, int depth) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		int fields = random.nextInt(depth == 0 ? 8 : 5);
		for (int i = 0; i < fields; i++) {
			node.set(KEYS.get(random.nextInt(KEYS.size())), value(random, depth + 1));
		}
		return node;
	}

	private static JsonNode value(Random random, int depth) {
		JsonNodeFactory f = JsonNodeFactory.instance;
		int kind = random.nextInt(depth >= 4 ? 7 : 9);
		return switch (kind) {
			case 0 -> f.nullNode();
			case 1 -> f.booleanNode(random.nextBoolean());
			case 2 -> f.numberNode(random.nextLong());
			case 3 -> f.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
			case 4 -> f.numberNode(new java.math.BigInteger(200, random));
			case 5, 6 -> f.textNode(TEXTS.get(random.nextInt(TEXTS.size())));
			case 7 -> object(random, depth);
			default -> {
				ArrayNode array = f.arrayNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					array.add(value(random, depth + 1));
				}
				yield array;
			}
		};
	}

}
