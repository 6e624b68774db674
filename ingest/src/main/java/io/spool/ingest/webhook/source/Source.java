package io.spool.ingest.webhook.source;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.spool.ingest.webhook.mapping.PayloadFormat;
import io.spool.ingest.webhook.verify.Verifier;

/**
 * A configured sender, ready to use: its verifier, payload format, rate limit and id rules resolved once at
 * start-up from its {@link SourceProperties}.
 *
 * @param name the name in {@code /api/v1/webhooks/{name}}
 * @param verifier proves a request's origin
 * @param format reads its payloads
 * @param rateLimiter admits requests, or {@code null} for no limit
 * @param idHeader the header holding the sender's event id, or {@code null}
 * @param idPointer the JSON pointer to the sender's event id, or {@code null}
 */
public record Source(String name, Verifier verifier, PayloadFormat format, RateLimiter rateLimiter, String idHeader,
		String idPointer) {

	/** Whether one more request fits in the rate limit now; never waits. */
	public boolean admit() {
		return rateLimiter == null || rateLimiter.acquirePermission();
	}

}
