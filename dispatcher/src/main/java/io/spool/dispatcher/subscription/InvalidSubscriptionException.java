package io.spool.dispatcher.subscription;

import io.spool.support.problem.ApiException;

/** A subscription request that makes no sense: {@code 400}. */
public final class InvalidSubscriptionException extends ApiException {

	private static final long serialVersionUID = 1L;

	public InvalidSubscriptionException(String detail) {
		super(detail);
	}

	@Override
	public int status() {
		return 400;
	}

	@Override
	public String code() {
		return "invalid-subscription";
	}

	@Override
	public String title() {
		return "Invalid subscription";
	}

}
