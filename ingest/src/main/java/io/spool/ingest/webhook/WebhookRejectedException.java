package io.spool.ingest.webhook;

import io.spool.common.error.SpoolException;

/**
 * A webhook that was not accepted, and why. Its message is the problem's {@code detail}: written for the
 * sender, never containing a secret, an expected signature or a stack trace.
 */
public final class WebhookRejectedException extends SpoolException {

	private static final long serialVersionUID = 1L;

	private final Rejection rejection;

	public WebhookRejectedException(Rejection rejection, String detail) {
		super(detail);
		this.rejection = rejection;
	}

	public WebhookRejectedException(Rejection rejection, String detail, Throwable cause) {
		super(detail, cause);
		this.rejection = rejection;
	}

	public Rejection rejection() {
		return rejection;
	}

	@Override
	public boolean isRetryable() {
		return rejection.isTransient();
	}

}
