package io.spool.ingest.webhook.source;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.spool.ingest.webhook.verify.HmacVerifier;
import io.spool.ingest.webhook.verify.StandardWebhooksVerifier;
import io.spool.ingest.webhook.verify.TokenVerifier;
import io.spool.ingest.webhook.verify.Verifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceRegistryTests {

	private static SourceProperties props(Format format, Verification verification, String secret, String token,
			String typePointer, double rateLimit) {
		return new SourceProperties(format, verification, secret, List.of(), "X-Webhook-Signature", "sha256=", token,
				Duration.ofMinutes(5), null, typePointer, null, null, null, rateLimit);
	}

	@Test
	void buildsTheVerifierOfEachScheme() {
		SourceRegistry registry = new SourceRegistry(Map.of("a", props(Format.SIMPLEPRINT, Verification.NONE, null,
				null, "/type", 0), "b", props(Format.GENERIC, Verification.TOKEN, null, "tok", "/type", 0), "c",
				props(Format.MARKETPLACE, Verification.HMAC_SHA256, "sec", null, "/type", 0), "d",
				props(Format.GENERIC, Verification.STANDARD_WEBHOOKS, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null,
						"/type", 0)));
		assertThat(registry.find("a").orElseThrow().verifier()).isSameAs(Verifier.NONE);
		assertThat(registry.find("b").orElseThrow().verifier()).isInstanceOf(TokenVerifier.class);
		assertThat(registry.find("c").orElseThrow().verifier()).isInstanceOf(HmacVerifier.class);
		assertThat(registry.find("d").orElseThrow().verifier()).isInstanceOf(StandardWebhooksVerifier.class);
		assertThat(registry.find("e")).isEmpty();
	}

	@Test
	void takesTheStandardWebhooksIdAsTheSendersEventId() {
		SourceRegistry registry = new SourceRegistry(Map.of("d", props(Format.GENERIC, Verification.STANDARD_WEBHOOKS,
				"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, "/type", 0)));
		assertThat(registry.find("d").orElseThrow().idHeader()).isEqualTo("webhook-id");
	}

	@Test
	void refusesASigningSchemeWithoutSecretNamingTheSourceAndKey() {
		assertThatThrownBy(() -> new SourceRegistry(
				Map.of("market", props(Format.MARKETPLACE, Verification.HMAC_SHA256, null, null, "/type", 0))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("spool.ingest.sources.market")
			.hasMessageContaining("secret is required");
	}

	@Test
	void refusesAStandardWebhooksSecretThatIsNotBase64WithoutEchoingIt() {
		assertThatThrownBy(() -> new SourceRegistry(Map.of("erp",
				props(Format.GENERIC, Verification.STANDARD_WEBHOOKS, "whsec_%%%secret%%%", null, "/type", 0))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("base64")
			.hasMessageNotContaining("%%%secret%%%");
	}

	@Test
	void refusesATokenSchemeWithoutToken() {
		assertThatThrownBy(() -> new SourceRegistry(
				Map.of("t", props(Format.GENERIC, Verification.TOKEN, null, null, "/type", 0))))
			.hasMessageContaining("token is required");
	}

	@Test
	void refusesAnInvalidJsonPointer() {
		assertThatThrownBy(() -> new SourceRegistry(
				Map.of("g", props(Format.GENERIC, Verification.NONE, null, null, "type", 0))))
			.hasMessageContaining("type-pointer");
	}

	@Test
	void refusesSourceNamesThatAreNotPlainPathSegments() {
		assertThatThrownBy(() -> new SourceRegistry(
				Map.of("../etc", props(Format.SIMPLEPRINT, Verification.NONE, null, null, "/type", 0))))
			.hasMessageContaining("source name");
	}

	@Test
	void admitsUpToTheRateLimitThenRefuses() {
		Source limited = new SourceRegistry(
				Map.of("s", props(Format.SIMPLEPRINT, Verification.NONE, null, null, "/type", 3)))
			.find("s")
			.orElseThrow();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			admitted += limited.admit() ? 1 : 0;
		}
		assertThat(admitted).isBetween(3, 6);
	}

	@Test
	void admitsEverythingWithoutRateLimit() {
		Source unlimited = new SourceRegistry(
				Map.of("s", props(Format.SIMPLEPRINT, Verification.NONE, null, null, "/type", 0)))
			.find("s")
			.orElseThrow();
		for (int i = 0; i < 1000; i++) {
			assertThat(unlimited.admit()).isTrue();
		}
	}

	@Test
	void redactsSecretsInItsDescription() {
		SourceProperties p = new SourceProperties(Format.MARKETPLACE, Verification.HMAC_SHA256, "top-secret",
				List.of("older-secret"), "X-Webhook-Signature", "sha256=", "a-token", Duration.ofMinutes(5), null,
				"/type", null, null, null, 0);
		assertThat(p.toString()).doesNotContain("top-secret", "older-secret", "a-token").contains("redacted");
	}

}
