package io.spool.ingest.webhook.verify;

import java.time.Instant;

import io.spool.common.signing.SignatureException;
import io.spool.ingest.webhook.WebhookRequest;

/**
 * Decides whether a request proves its origin, on the exact raw bytes received. Implementations are pure,
 * thread-safe and compare in constant time.
 */
@FunctionalInterface
public interface Verifier {

	/** Trusts everything: for senders that cannot sign. */
	Verifier NONE = (request, body, now) -> {
	};

	/**
	 * @throws SignatureException when the request does not prove its origin
	 */
	void verify(WebhookRequest request, byte[] body, Instant now);

}
