package io.spool.dispatcher.subscription;

import io.spool.support.problem.ApiException;

/** A webhook target Spool may not send to: {@code 422} when given through the API, {@code blocked_target} at send time. */
public final class BlockedTargetException extends ApiException {

	private static final long serialVersionUID = 1L;

	public BlockedTargetException(String detail) {
		super(detail);
	}

	@Override
	public int status() {
		return 422;
	}

	@Override
	public String code() {
		return "blocked-target";
	}

	@Override
	public String title() {
		return "Target not allowed";
	}

}
