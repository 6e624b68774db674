package io.spool.dispatcher.apply;

import java.time.Instant;

/**
 * The position of an event in the history of the entities it touches: its time, then a rank that orders
 * events of the same time by meaning (a job that started and finished in the same second ends finished),
 * then its id, so that any two events compare the same way wherever and in whatever order they are
 * applied. The string form compares like the key itself, and is what the state rows store per field.
 */
public record OrderKey(String value) implements Comparable<OrderKey> {

	public static OrderKey of(Instant time, int rank, String eventId) {
		if (rank < 0 || rank > 9) {
			throw new IllegalArgumentException("rank must be a single digit");
		}
		long seconds = Math.max(0, time.getEpochSecond());
		// "%012d.%09d|%d|%s" by hand: String.format, with its pattern parsed on every call, was 4 % of the
		// dispatcher's CPU at apply (docs/benchmarks.md)
		StringBuilder key = new StringBuilder(32 + String.valueOf(eventId).length());
		zeroPadded(key, seconds, 12).append('.');
		zeroPadded(key, time.getNano(), 9).append('|').append(rank).append('|').append(eventId);
		return new OrderKey(key.toString());
	}

	private static StringBuilder zeroPadded(StringBuilder out, long value, int width) {
		String digits = Long.toString(value);
		for (int i = digits.length(); i < width; i++) {
			out.append('0');
		}
		return out.append(digits);
	}

	public boolean isAfter(String other) {
		return other == null || value.compareTo(other) > 0;
	}

	@Override
	public int compareTo(OrderKey other) {
		return value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return value;
	}

}
