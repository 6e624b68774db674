package io.spool.ingest.webhook.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.spool.common.signing.HmacSha256;
import io.spool.common.signing.SignatureException;
import io.spool.ingest.webhook.WebhookRequest;

/** A shared token, as query parameter {@code token} or header {@code X-Spool-Token}. */
public final class TokenVerifier implements Verifier {

	public static final String HEADER = "X-Spool-Token";

	public static final String QUERY_PARAMETER = "token";

	private final List<byte[]> tokens;

	/** @param tokens the current token first, then any still accepted during a rotation */
	public TokenVerifier(List<String> tokens) {
		this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
	}

	@Override
	public void verify(WebhookRequest request, byte[] body, Instant now) {
		String given = request.header(HEADER);
		if (given == null) {
			given = request.query().getFirst(QUERY_PARAMETER);
		}
		if (given == null || given.isEmpty()) {
			throw new SignatureException(SignatureException.Reason.MISSING,
					"token required as header X-Spool-Token or query parameter token");
		}
		byte[] candidate = given.getBytes(StandardCharsets.UTF_8);
		boolean match = false;
		for (byte[] token : tokens) {
			match |= HmacSha256.constantTimeEquals(token, candidate);
		}
		if (!match) {
			throw new SignatureException(SignatureException.Reason.MISMATCH, "token is not valid");
		}
	}

	@Override
	public String toString() {
		return "TokenVerifier[tokens=<redacted>]";
	}

}
