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
 * payload timestamps).
 */
public final class UtcInstants extends ValueDeserializer<Instant> {

	private static final int SECONDS_PER_DAY = 86_400;

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
