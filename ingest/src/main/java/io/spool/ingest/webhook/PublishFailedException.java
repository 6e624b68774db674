package io.spool.ingest.webhook;

import io.spool.common.error.SpoolException;

/** The event store did not take an event; the same event may be stored later. */
public final class PublishFailedException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public PublishFailedException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
