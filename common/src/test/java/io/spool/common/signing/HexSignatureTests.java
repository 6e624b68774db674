package io.spool.common.signing;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexSignatureTests {

	private static final String SECRET = "marketplace-secret";

	private static final byte[] BODY = ("{\"event_type\":\"product.created\",\"event_id\":\"test_001\","
			+ "\"timestamp\":\"2025-11-12T10:00:00Z\",\"data\":{\"product_id\":\"12345\",\"title\":\"Test\"}}")
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void signsWithPrefixAndLowercaseHexOfTheRawBody() {
		// Computed independently: printf abc | openssl dgst -sha256 -hmac marketplace-secret
		assertThat(HexSignature.SHA256_PREFIXED.sign(SECRET, "abc".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("sha256=f632677397d5f50fb978cf98ccc642c2eac3c2493d0292154a9ed30a1d076a12");
		assertThat(HexSignature.BARE.sign(SECRET, "abc".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("f632677397d5f50fb978cf98ccc642c2eac3c2493d0292154a9ed30a1d076a12");
	}

	@Test
	void acceptsTheSignatureItMade() {
		String header = HexSignature.SHA256_PREFIXED.sign(SECRET, BODY);
		assertThatCode(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, header, BODY)).doesNotThrowAnyException();
	}

	@Test
	void acceptsUppercaseHexDigits() {
		String header = "sha256=" + HexSignature.BARE.sign(SECRET, BODY).toUpperCase();
		assertThatCode(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, header, BODY)).doesNotThrowAnyException();
	}

	@Test
	void rejectsBodySignedWithAnotherSecret() {
		String header = HexSignature.SHA256_PREFIXED.sign("another-secret", BODY);
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, header, BODY))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

	@Test
	void rejectsBodyWithOneByteChanged() {
		String header = HexSignature.SHA256_PREFIXED.sign(SECRET, BODY);
		byte[] tampered = BODY.clone();
		tampered[10] ^= 1;
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, header, tampered))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

	@Test
	void rejectsMissingHeader() {
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, null, BODY))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISSING));
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, "", BODY))
			.isInstanceOf(SignatureException.class);
	}

	@Test
	void rejectsWrongPrefixAndNonHexValues() {
		String hex = HexSignature.BARE.sign(SECRET, BODY);
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, "sha1=" + hex, BODY))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, "sha256=zz" + hex.substring(2), BODY))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, "sha256=" + hex.substring(1), BODY))
			.isInstanceOf(SignatureException.class);
	}

	@Test
	void rejectsATruncatedSignature() {
		String header = HexSignature.SHA256_PREFIXED.sign(SECRET, BODY);
		assertThatThrownBy(() -> HexSignature.SHA256_PREFIXED.verify(SECRET, header.substring(0, 7 + 32), BODY))
			.isInstanceOfSatisfying(SignatureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
	}

}
