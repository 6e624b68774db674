package io.spool.ingest.webhook;

import java.time.Duration;

import io.spool.support.problem.ApiException;

/**
 * A webhook that was not accepted, and why. Its message is the problem's {@code detail}: written for the
 * sender, never containing a secret, an expected signature or a stack trace.
 */
public final class WebhookRejectedException extends ApiException {

	private static final long serialVersionUID = 1L;

	private final Rejection rejection;

	private final Duration retryAfter;

	public WebhookRejectedException(Rejection rejection, String detail) {
		this(rejection, detail, null, null);
	}

	public WebhookRejectedException(Rejection rejection, String detail, Throwable cause) {
		this(rejection, detail, cause, null);
	}

	/** A transient rejection ({@code 429}, {@code 503}) that tells the sender when to come back. */
	public WebhookRejectedException(Rejection rejection, String detail, Throwable cause, Duration retryAfter) {
		super(detail, cause);
		this.rejection = rejection;
		this.retryAfter = retryAfter;
	}

	public Rejection rejection() {
		return rejection;
	}

	@Override
	public int status() {
		return rejection.status();
	}

	@Override
	public String code() {
		return rejection.code();
	}

	@Override
	public String title() {
		return rejection.title();
	}

	@Override
	public Duration retryAfter() {
		return retryAfter;
	}

}
