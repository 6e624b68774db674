package io.spool.dispatcher.apply;

import io.spool.common.error.SpoolException;

/** The store refused the data itself (a value too long, a constraint): trying again cannot help. */
public final class StoreRejectedException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public StoreRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
