package io.spool.ingest.webhook;

/**
 * Why a webhook was not accepted, with the HTTP status and problem type the sender sees (CONTRACT §1). The one
 * list of outcomes: the problem handler renders it and the metrics count it.
 */
public enum Rejection {

	MALFORMED(400, "malformed-body", "Malformed JSON"),
	UNAUTHENTICATED(401, "unauthenticated", "Signature or token missing or invalid"),
	UNKNOWN_SOURCE(404, "unknown-source", "Unknown source"),
	INCOMPLETE(408, "incomplete-body", "Body not received in time"),
	TOO_LARGE(413, "body-too-large", "Body over the limit"),
	UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Body is not JSON"),
	UNPROCESSABLE(422, "unprocessable-payload", "Payload unusable for the source's format"),
	RATE_LIMITED(429, "rate-limited", "Source over its rate limit"),
	UNAVAILABLE(503, "kafka-unavailable", "Event store unavailable, try again later");

	private final int status;

	private final String code;

	private final String title;

	Rejection(int status, String code, String title) {
		this.status = status;
		this.code = code;
		this.title = title;
	}

	public int status() {
		return status;
	}

	/** Stable short code, used as the metrics outcome tag. */
	public String code() {
		return code;
	}

	public String title() {
		return title;
	}

}
