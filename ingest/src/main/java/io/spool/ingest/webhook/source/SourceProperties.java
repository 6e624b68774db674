package io.spool.ingest.webhook.source;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured sender, {@code spool.ingest.sources.<name>} (CONTRACT §1). {@link #toString()} redacts the
 * secrets so that a logged configuration never leaks them.
 *
 * @param format the payload adapter
 * @param verification how requests prove their origin
 * @param secret the HMAC key; for {@code standard-webhooks} a {@code whsec_…} base64 key
 * @param previousSecrets secrets still accepted while a rotation is under way (see docs/operations.md); empty
 * outside a rotation
 * @param signatureHeader the header holding the {@code hmac-sha256} signature
 * @param signaturePrefix what precedes the hex in that header
 * @param token the shared token for {@code token} verification
 * @param tolerance the maximum clock skew of timestamped schemes
 * @param typeHeader for {@code generic}: a header holding the event type (wins over the pointer)
 * @param typePointer for {@code generic}: a JSON pointer to the event type
 * @param idHeader a header holding the sender's event id
 * @param idPointer a JSON pointer to the sender's event id; the format's own default applies when unset
 * @param subjectPointer for {@code generic}: a JSON pointer to the entity the event is about
 * @param rateLimit requests per second accepted from this source; 0 means no limit
 */
public record SourceProperties(@NotNull Format format, @DefaultValue("none") Verification verification,
		String secret, @DefaultValue List<String> previousSecrets,
		@DefaultValue("X-Webhook-Signature") String signatureHeader, @DefaultValue("sha256=") String signaturePrefix,
		String token, @DefaultValue("5m") Duration tolerance, String typeHeader,
		@DefaultValue("/type") String typePointer, String idHeader, String idPointer, String subjectPointer,
		@PositiveOrZero @DefaultValue("0") double rateLimit) {

	@Override
	public String toString() {
		return "SourceProperties[format=" + format + ", verification=" + verification + ", secret="
				+ redact(secret) + ", previousSecrets=" + previousSecrets.size() + " redacted, signatureHeader="
				+ signatureHeader + ", signaturePrefix=" + signaturePrefix + ", token=" + redact(token)
				+ ", tolerance=" + tolerance + ", typeHeader=" + typeHeader + ", typePointer=" + typePointer
				+ ", idHeader=" + idHeader + ", idPointer=" + idPointer + ", subjectPointer=" + subjectPointer
				+ ", rateLimit=" + rateLimit + "]";
	}

	private static String redact(String value) {
		return value == null ? "null" : "<redacted>";
	}

}
