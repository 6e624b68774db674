package io.spool.common.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhooksTests {

	// The example published with the Standard Webhooks specification.
	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330L;

	private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private static final Instant AT_SEND = Instant.ofEpochSecond(TIMESTAMP);

	private final StandardWebhooks signer = StandardWebhooks.fromSecret(SECRET);

	@Test
	void signsTheSpecificationsPublishedExample() {
		assertThat(signer.sign(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
	}

	@Test
	void verifiesTheSpecificationsPublishedExample() {
		assertThatCode(() -> signer.verify(ID, "1614265330", EXPECTED, BODY, AT_SEND, Duration.ofMinutes(5)))
			.doesNotThrowAnyException();
	}

	@Test
	void acceptsASecretWithoutItsWhsecPrefix() {
		StandardWebhooks bare = StandardWebhooks.fromSecret(SECRET.substring("whsec_".length()));
		assertThat(bare.sign(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
	}

	@Test
	void referenceLibraryVerifiesWhatWeSign() throws Exception {
		byte[] body = "{\"event\":\"job.started\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String signature = signer.sign("msg_1", now, body);
		Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp",
				List.of(Long.toString(now)), "webhook-signature", List.of(signature));
		new Webhook(SECRET).verify(new String(body, StandardCharsets.UTF_8), headers);
	}

	@Test
	void weVerifyWhatTheReferenceLibrarySigns() throws Exception {
		String body = "{\"event\":\"product.created\",\"id\":\"é\"}";
		long now = Instant.now().getEpochSecond();
		String signature = new Webhook(SECRET).sign("msg_2", now, body);
		assertThatCode(() -> signer.verify("msg_2", Long.toString(now), signature,
				body.getBytes(StandardCharsets.UTF_8), Instant.now(), Duration.ofMinutes(5)))
			.doesNotThrowAnyException();
	}

	@Test
	void rejectsBodySignedWithAnotherSecret() {
		String other = StandardWebhooks.fromSecret("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=")
			.sign(ID, TIMESTAMP, BODY);
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", other, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

	@Test
	void rejectsBodyWithOneByteChanged() {
		byte[] tampered = BODY.clone();
		tampered[tampered.length - 2] ^= 1;
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", EXPECTED, tampered, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

	@Test
	void rejectsAnotherMessageIdWithTheSameSignature() {
		assertThatThrownBy(() -> signer.verify("msg_other", "1614265330", EXPECTED, BODY, AT_SEND,
				Duration.ofMinutes(5)))
			.isInstanceOf(SignatureException.class);
	}

	@Test
	void rejectsMissingHeaders() {
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", null, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISSING));
		assertThatThrownBy(() -> signer.verify(null, "1614265330", EXPECTED, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOf(SignatureException.class);
		assertThatThrownBy(() -> signer.verify(ID, " ", EXPECTED, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOf(SignatureException.class);
	}

	@Test
	void rejectsTimestampOutsideToleranceEitherWay() {
		Duration tolerance = Duration.ofMinutes(5);
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", EXPECTED, BODY, AT_SEND.plusSeconds(301), tolerance))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.TIMESTAMP_OUT_OF_TOLERANCE));
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", EXPECTED, BODY, AT_SEND.minusSeconds(301), tolerance))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.TIMESTAMP_OUT_OF_TOLERANCE));
		assertThatCode(() -> signer.verify(ID, "1614265330", EXPECTED, BODY, AT_SEND.plusSeconds(300), tolerance))
			.doesNotThrowAnyException();
	}

	@Test
	void rejectsTimestampThatIsNotWholeSeconds() {
		assertThatThrownBy(() -> signer.verify(ID, "1614265330.5", EXPECTED, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
	}

	@Test
	void acceptsWhenOneOfSeveralSignaturesMatches() {
		String header = "v1,Zm9vYmFy v1a,c29tZXRoaW5nZWxzZQ== v1,bm90LWJhc2U2NA!! " + EXPECTED;
		assertThatCode(() -> signer.verify(ID, "1614265330", header, BODY, AT_SEND, Duration.ofMinutes(5)))
			.doesNotThrowAnyException();
	}

	@Test
	void rejectsWhenNoneOfSeveralSignaturesMatches() {
		String header = "v1,Zm9vYmFy v1,YmFyYmF6";
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", header, BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

	@Test
	void rejectsHeaderWithoutAnyV1Signature() {
		assertThatThrownBy(() -> signer.verify(ID, "1614265330", "v2,abc", BODY, AT_SEND, Duration.ofMinutes(5)))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
	}

	@Test
	void refusesSecretThatIsNotBase64WithoutEchoingIt() {
		assertThatThrownBy(() -> StandardWebhooks.fromSecret("whsec_not*base64*secret"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining("not*base64*secret");
	}

	@Test
	void neverShowsItsKey() {
		assertThat(signer.toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").contains("redacted");
	}

}
