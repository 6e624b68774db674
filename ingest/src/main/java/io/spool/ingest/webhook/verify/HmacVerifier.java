package io.spool.ingest.webhook.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.spool.common.signing.HexSignature;
import io.spool.ingest.webhook.WebhookRequest;

/** A prefix and the hex HMAC-SHA256 of the exact raw body in one header (seed 002). */
public final class HmacVerifier implements Verifier {

	private final String header;

	private final HexSignature scheme;

	private final List<byte[]> secrets;

	/** @param secrets the current secret first, then any still accepted during a rotation */
	public HmacVerifier(String header, String prefix, List<String> secrets) {
		this.header = header;
		this.scheme = new HexSignature(prefix);
		this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
	}

	@Override
	public void verify(WebhookRequest request, byte[] body, Instant now) {
		String signature = request.header(header);
		KeyRotation.verifyWithAny(secrets, secret -> scheme.verify(secret, signature, body));
	}

	@Override
	public String toString() {
		return "HmacVerifier[header=" + header + ", secrets=<redacted>]";
	}

}
