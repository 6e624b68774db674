package io.spool.common.error;

/**
 * The root of every exception Spool raises on purpose. Anything else that reaches an error handler is a bug
 * and is answered without detail.
 */
public abstract class SpoolException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	protected SpoolException(String message) {
		super(message);
	}

	protected SpoolException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Whether doing the same thing again later may succeed (a broker or database outage) as opposed to never
	 * (a bad signature, a malformed body).
	 */
	public abstract boolean isRetryable();

}
