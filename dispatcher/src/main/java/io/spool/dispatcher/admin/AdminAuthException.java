package io.spool.dispatcher.admin;

import io.spool.support.problem.ApiException;

/** A mutating call without the admin token ({@code 401}) or with another one ({@code 403}). */
public final class AdminAuthException extends ApiException {

	private static final long serialVersionUID = 1L;

	private final int status;

	AdminAuthException(int status, String detail) {
		super(detail);
		this.status = status;
	}

	@Override
	public int status() {
		return status;
	}

	@Override
	public String code() {
		return status == 401 ? "unauthenticated" : "forbidden";
	}

	@Override
	public String title() {
		return status == 401 ? "Admin token required" : "Admin token not valid";
	}

}
