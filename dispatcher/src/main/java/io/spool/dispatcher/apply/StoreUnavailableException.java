package io.spool.dispatcher.apply;

import io.spool.common.error.SpoolException;

/** The store could not be used now; the same work may succeed later. */
public final class StoreUnavailableException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
