package io.spool.dispatcher.apply.r2dbc;

import io.r2dbc.spi.R2dbcException;
import io.spool.dispatcher.apply.StoreRejectedException;
import io.spool.dispatcher.apply.StoreUnavailableException;

/**
 * The one classifier of database failures. Only what PostgreSQL says is wrong with the data itself
 * (SQLSTATE class 22, data exception, and 23, integrity constraint violation) is permanent: that event is
 * logged as failed and skipped. Everything else (connection lost, server shutting down, deadlock,
 * serialization failure, timeouts, and errors nobody foresaw) is treated as an outage: the work waits and
 * is retried, because skipping an event over an error that is not the event's fault would lose it.
 */
final class PostgresErrors {

	private PostgresErrors() {
	}

	static Throwable classify(Throwable ex) {
		if (ex instanceof StoreUnavailableException || ex instanceof StoreRejectedException) {
			return ex;
		}
		String sqlState = sqlState(ex);
		if (sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"))) {
			return new StoreRejectedException("SQLSTATE " + sqlState + ": " + message(ex), ex);
		}
		return new StoreUnavailableException(sqlState == null ? message(ex) : "SQLSTATE " + sqlState + ": " + message(ex),
				ex);
	}

	static String sqlState(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return r2dbc.getSqlState();
			}
		}
		return null;
	}

	private static String message(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
