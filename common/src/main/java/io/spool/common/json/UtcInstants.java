package io.spool.common.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads the one form Spool writes its instants in, {@code 2026-11-24T19:10:28.123Z} (UTC, zero to nine
 * fraction digits), without {@code DateTimeFormatter}: parsing through it was 4–6 % of the dispatcher's CPU
 * while applying events (two instants per CloudEvent; docs/benchmarks.md). Anything else — offsets, lower
 * case, leap seconds, numbers, a date that does not exist — goes to Jackson's own deserializer, so results
 * and errors are the same as before. {@link #parse(String)} is the same reading for other callers (the ingest's
 * payload timestamps). {@link #format(Instant, char[])} is the writing side, for the CloudEvent's own instants.
 */
public final class UtcInstants extends ValueDeserializer<Instant> {

	/** The longest text {@link #format} writes: {@code 2026-11-25T00:00:00.123456789Z}. */
	public static final int MAX_FORMATTED = 30;

	private static final int SECONDS_PER_DAY = 86_400;

	private static final long YEAR_0000 = -62_167_219_200L; // 0000-01-01T00:00:00Z

	private static final long END_OF_9999 = 253_402_300_799L; // 9999-12-31T23:59:59Z

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			Instant instant = parse(parser.getString());
			if (instant != null) {
				return instant;
			}
		}
		return InstantDeserializer.INSTANT.deserialize(parser, context);
	}

	@Override
	public Class<?> handledType() {
		return Instant.class;
	}

	/**
	 * The instant {@code text} writes in the strict UTC form, or {@code null} when it is anything else (then
	 * {@code Instant.parse} or {@code OffsetDateTime.parse} decide, as before).
	 */
	public static Instant parse(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59) {
			return null;
		}
		int nanos = 0;
		if (length > 20) {
			if (text.charAt(19) != '.') {
				return null;
			}
			int fraction = length - 21;
			nanos = digits(text, 20, fraction);
			if (nanos < 0) {
				return null;
			}
			for (int i = fraction; i < 9; i++) {
				nanos *= 10;
			}
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException notADate) {
			return null;
		}
		return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
	}

	/**
	 * Writes {@code instant} as {@code DateTimeFormatter.ISO_INSTANT} does (seconds always, then zero, three, six or
	 * nine fraction digits, {@code Z}) into {@code out} from 0, without the formatter, for years 0000 to 9999;
	 * returns the number of characters, or -1 for an instant outside those years (the caller formats it itself).
	 * @param out at least {@value #MAX_FORMATTED} long
	 */
	public static int format(Instant instant, char[] out) {
		long seconds = instant.getEpochSecond();
		if (seconds < YEAR_0000 || seconds > END_OF_9999) {
			return -1;
		}
		long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
		int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
		LocalDate date = LocalDate.ofEpochDay(epochDay);
		put(out, 0, date.getYear(), 4);
		out[4] = '-';
		put(out, 5, date.getMonthValue(), 2);
		out[7] = '-';
		put(out, 8, date.getDayOfMonth(), 2);
		out[10] = 'T';
		put(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		put(out, 14, secondOfDay / 60 % 60, 2);
		out[16] = ':';
		put(out, 17, secondOfDay % 60, 2);
		int length = 19;
		int nanos = instant.getNano();
		if (nanos != 0) {
			out[length++] = '.';
			if (nanos % 1_000_000 == 0) {
				put(out, length, nanos / 1_000_000, 3);
				length += 3;
			}
			else if (nanos % 1_000 == 0) {
				put(out, length, nanos / 1_000, 6);
				length += 6;
			}
			else {
				put(out, length, nanos, 9);
				length += 9;
			}
		}
		out[length++] = 'Z';
		return length;
	}

	/** {@code value} as {@code count} decimal digits, zero-padded, at {@code from}. */
	private static void put(char[] out, int from, int value, int count) {
		for (int i = from + count - 1; i >= from; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	/** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if one of them is not a digit. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
