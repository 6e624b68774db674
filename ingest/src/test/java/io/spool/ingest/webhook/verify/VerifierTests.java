package io.spool.ingest.webhook.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.spool.common.signing.HexSignature;
import io.spool.common.signing.SignatureException;
import io.spool.common.signing.StandardWebhooks;
import io.spool.ingest.webhook.Requests;
import io.spool.ingest.webhook.WebhookRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static io.spool.ingest.webhook.Requests.NOW;
import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class VerifierTests {

	private static final byte[] BODY = "{\"event_type\":\"product.created\"}".getBytes(StandardCharsets.UTF_8);

	private static SignatureException.Reason reasonOf(Runnable verification) {
		try {
			verification.run();
		}
		catch (SignatureException ex) {
			return ex.reason();
		}
		return null;
	}

	@Nested
	class Token {

		private final TokenVerifier verifier = new TokenVerifier(List.of("t0ken"));

		@Test
		void acceptsTheTokenAsHeader() {
			assertThatCode(() -> verifier.verify(request("s", "X-Spool-Token", "t0ken"), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void acceptsTheTokenAsQueryParameter() {
			LinkedMultiValueMap<String, String> query = new LinkedMultiValueMap<>();
			query.add("token", "t0ken");
			WebhookRequest request = new WebhookRequest("s", new HttpHeaders(), query, Requests.NOW);
			assertThatCode(() -> verifier.verify(request, BODY, NOW)).doesNotThrowAnyException();
		}

		@Test
		void rejectsAWrongToken() {
			assertThat(reasonOf(() -> verifier.verify(request("s", "X-Spool-Token", "t0keN"), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISMATCH);
		}

		@Test
		void rejectsAMissingToken() {
			assertThat(reasonOf(() -> verifier.verify(request("s"), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISSING);
		}

		@Test
		void acceptsThePreviousTokenDuringARotation() {
			TokenVerifier rotating = new TokenVerifier(List.of("new", "old"));
			assertThatCode(() -> rotating.verify(request("s", "X-Spool-Token", "old"), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void neverShowsItsToken() {
			assertThat(verifier.toString()).doesNotContain("t0ken");
		}

	}

	@Nested
	class Hmac {

		private final HmacVerifier verifier = new HmacVerifier("X-Webhook-Signature", "sha256=", List.of("s3cret"));

		@Test
		void acceptsTheSignatureOfTheExactBody() {
			String signature = HexSignature.SHA256_PREFIXED.sign("s3cret", BODY);
			assertThatCode(() -> verifier.verify(request("m", "X-Webhook-Signature", signature), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void rejectsBodySignedWithAnotherSecret() {
			String signature = HexSignature.SHA256_PREFIXED.sign("other", BODY);
			assertThat(reasonOf(() -> verifier.verify(request("m", "X-Webhook-Signature", signature), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISMATCH);
		}

		@Test
		void rejectsBodyWithOneByteChanged() {
			String signature = HexSignature.SHA256_PREFIXED.sign("s3cret", BODY);
			byte[] changed = BODY.clone();
			changed[3] ^= 0x20;
			assertThat(reasonOf(() -> verifier.verify(request("m", "X-Webhook-Signature", signature), changed, NOW)))
				.isEqualTo(SignatureException.Reason.MISMATCH);
		}

		@Test
		void rejectsAMissingHeader() {
			assertThat(reasonOf(() -> verifier.verify(request("m"), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISSING);
		}

		@Test
		void readsAConfiguredHeaderAndPrefix() {
			HmacVerifier printService = new HmacVerifier("X-Print-Service-Signature", "", List.of("s3cret"));
			String signature = HexSignature.BARE.sign("s3cret", BODY);
			assertThatCode(() -> printService.verify(request("p", "X-Print-Service-Signature", signature), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void acceptsThePreviousSecretDuringARotation() {
			HmacVerifier rotating = new HmacVerifier("X-Webhook-Signature", "sha256=", List.of("new", "old"));
			String signature = HexSignature.SHA256_PREFIXED.sign("old", BODY);
			assertThatCode(() -> rotating.verify(request("m", "X-Webhook-Signature", signature), BODY, NOW))
				.doesNotThrowAnyException();
		}

	}

	@Nested
	class StandardWebhooksScheme {

		private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

		private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(List.of(SECRET),
				Duration.ofMinutes(5));

		private WebhookRequest signed(String id, long timestamp, String signatures) {
			return request("erp", "webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
					"webhook-signature", signatures);
		}

		@Test
		void acceptsAGoodSignature() {
			String signature = StandardWebhooks.fromSecret(SECRET).sign("msg_1", NOW.getEpochSecond(), BODY);
			assertThatCode(() -> verifier.verify(signed("msg_1", NOW.getEpochSecond(), signature), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void acceptsWhenOneOfSeveralSignaturesIsGood() {
			String good = StandardWebhooks.fromSecret(SECRET).sign("msg_1", NOW.getEpochSecond(), BODY);
			assertThatCode(() -> verifier.verify(signed("msg_1", NOW.getEpochSecond(), "v1,AAAA " + good), BODY, NOW))
				.doesNotThrowAnyException();
		}

		@Test
		void rejectsATimestampOutsideTheTolerance() {
			long old = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
			String signature = StandardWebhooks.fromSecret(SECRET).sign("msg_1", old, BODY);
			assertThat(reasonOf(() -> verifier.verify(signed("msg_1", old, signature), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.TIMESTAMP_OUT_OF_TOLERANCE);
		}

		@Test
		void rejectsMissingHeaders() {
			assertThat(reasonOf(() -> verifier.verify(request("erp"), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISSING);
		}

		@Test
		void rejectsBodySignedWithAnotherSecret() {
			String signature = StandardWebhooks.fromSecret("whsec_AAAAAAAAAAAAAAAAAAAAAAAA")
				.sign("msg_1", NOW.getEpochSecond(), BODY);
			assertThat(reasonOf(() -> verifier.verify(signed("msg_1", NOW.getEpochSecond(), signature), BODY, NOW)))
				.isEqualTo(SignatureException.Reason.MISMATCH);
		}

		@Test
		void acceptsThePreviousSecretDuringARotation() {
			String previous = "whsec_AAAAAAAAAAAAAAAAAAAAAAAA";
			StandardWebhooksVerifier rotating = new StandardWebhooksVerifier(List.of(SECRET, previous),
					Duration.ofMinutes(5));
			String signature = StandardWebhooks.fromSecret(previous).sign("msg_1", NOW.getEpochSecond(), BODY);
			assertThatCode(() -> rotating.verify(signed("msg_1", NOW.getEpochSecond(), signature), BODY, NOW))
				.doesNotThrowAnyException();
		}

	}

	@Test
	void noneTrustsEverything() {
		assertThatCode(() -> Verifier.NONE.verify(request("simpleprint"), BODY, NOW)).doesNotThrowAnyException();
	}

}
