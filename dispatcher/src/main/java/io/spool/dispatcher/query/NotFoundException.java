package io.spool.dispatcher.query;

import io.spool.support.problem.ApiException;

/** Nothing under that id: {@code 404}. */
public final class NotFoundException extends ApiException {

	private static final long serialVersionUID = 1L;

	public NotFoundException(String detail) {
		super(detail);
	}

	@Override
	public int status() {
		return 404;
	}

	@Override
	public String code() {
		return "not-found";
	}

	@Override
	public String title() {
		return "Not found";
	}

}
