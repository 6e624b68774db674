package io.spool.dispatcher.query;

import io.spool.support.problem.ApiException;

/** A read API request with a parameter that makes no sense: {@code 400}. */
public final class BadQueryException extends ApiException {

	private static final long serialVersionUID = 1L;

	public BadQueryException(String detail) {
		super(detail);
	}

	@Override
	public int status() {
		return 400;
	}

	@Override
	public String code() {
		return "bad-query";
	}

	@Override
	public String title() {
		return "Invalid query parameter";
	}

}
