package io.spool.dispatcher.apply;

import io.spool.common.error.SpoolException;

/** An event whose data makes no sense for the state it names: recorded with this message and skipped. */
public final class UnapplicableEventException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public UnapplicableEventException(String message) {
		super(message);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
