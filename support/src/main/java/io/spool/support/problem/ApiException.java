package io.spool.support.problem;

import java.time.Duration;

import io.spool.common.error.SpoolException;

/**
 * An exception that is an answer: it carries the HTTP status, a stable problem code and title, and, for
 * transient failures, how long the caller should wait. {@link Problems} renders it as
 * problem+json; its message is the {@code detail}, written for the caller and never containing a secret.
 */
public abstract class ApiException extends SpoolException {

	private static final long serialVersionUID = 1L;

	private static final String TYPE_PREFIX = "urn:spool:problem:";

	protected ApiException(String detail) {
		super(detail);
	}

	protected ApiException(String detail, Throwable cause) {
		super(detail, cause);
	}

	public abstract int status();

	/** Short stable code: the last part of the problem type, and a metrics tag. */
	public abstract String code();

	public abstract String title();

	/** {@code Retry-After} for a transient failure, or {@code null}. */
	public Duration retryAfter() {
		return null;
	}

	public final String type() {
		return TYPE_PREFIX + code();
	}

	@Override
	public boolean isRetryable() {
		return retryAfter() != null;
	}

}
