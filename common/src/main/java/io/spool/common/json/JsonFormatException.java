package io.spool.common.json;

import io.spool.common.error.SpoolException;

/** Bytes that are not one well-formed JSON document within {@link JsonCodec}'s limits. Never retryable. */
public final class JsonFormatException extends SpoolException {

	private static final long serialVersionUID = 1L;

	public JsonFormatException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
