package io.spool.ingest.webhook.mapping;

import io.spool.common.error.SpoolException;

/** Well-formed JSON that a source's format cannot use: {@code 422}. */
public final class UnusablePayloadException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public UnusablePayloadException(String message) {
		super(message);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
