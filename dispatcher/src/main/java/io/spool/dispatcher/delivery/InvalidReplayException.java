package io.spool.dispatcher.delivery;

import io.spool.support.problem.ApiException;

/** A replay request that makes no sense: {@code 400}. */
public final class InvalidReplayException extends ApiException {

	private static final long serialVersionUID = 1L;

	public InvalidReplayException(String detail) {
		super(detail);
	}

	@Override
	public int status() {
		return 400;
	}

	@Override
	public String code() {
		return "invalid-replay";
	}

	@Override
	public String title() {
		return "Invalid replay request";
	}

}
