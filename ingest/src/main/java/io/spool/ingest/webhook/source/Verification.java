package io.spool.ingest.webhook.source;

/** How a request proves its origin (CONTRACT §1 {@code verification}). */
public enum Verification {

	/** Nothing: for senders that cannot sign, such as SimplePrint. */
	NONE,
	/** A shared token as query parameter {@code token} or header {@code X-Spool-Token}. */
	TOKEN,
	/** A prefix and the lowercase hex HMAC-SHA256 of the exact raw body in a header. */
	HMAC_SHA256,
	/** The Standard Webhooks scheme: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. */
	STANDARD_WEBHOOKS

}
