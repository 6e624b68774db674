package io.spool.common.signing;

import io.spool.common.error.SpoolException;

/**
 * A request that does not prove its origin. The message says what is wrong in words safe to return to the
 * sender; it never contains the expected signature or the secret.
 */
public final class SignatureException extends SpoolException {

	private static final long serialVersionUID = 1L;

	/** What exactly failed, for metrics and tests. */
	public enum Reason {

		/** A required header or token is absent. */
		MISSING,
		/** Present but not of the scheme's form. */
		MALFORMED,
		/** Well formed, but no signature matches. */
		MISMATCH,
		/** The signed timestamp is too far from now: a replay or a wrong clock. */
		TIMESTAMP_OUT_OF_TOLERANCE

	}

	private final Reason reason;

	public SignatureException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
