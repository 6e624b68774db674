package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /api/v1/dead-letters/replay} and the command-line replay (CONTRACT §3).
 *
 * @param subscriptionId only this subscription's dead letters
 * @param eventType only this event type
 * @param since dead letters of events received at or after
 * @param until received before
 * @param limit at most this many (default 1000)
 * @param dryRun count, send nothing
 * @param ratePerSecond at most this many replayed per second (default 50)
 */
public record ReplayRequest(UUID subscriptionId, String eventType, Instant since, Instant until, Integer limit,
		Boolean dryRun, Double ratePerSecond) {

	public int effectiveLimit() {
		return limit == null ? 1000 : limit;
	}

	public boolean isDryRun() {
		return Boolean.TRUE.equals(dryRun);
	}

	public double effectiveRate() {
		return ratePerSecond == null ? 50 : ratePerSecond;
	}

}
