package io.spool.ingest.webhook.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.spool.common.json.UtcInstants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small, forgiving readers of payload fields shared by the formats. */
final class JsonFields {

	/** Epoch values above this are milliseconds, below it seconds (it is the year 5138 in seconds). */
	private static final long MILLIS_THRESHOLD = 100_000_000_000L;

	private JsonFields() {
	}

	/** A string or number at {@code pointer} as text, or {@code null} when absent, empty or not a scalar. */
	static String text(JsonNode node, String pointer) {
		return text(node.at(pointer));
	}

	static String text(JsonNode value) {
		if (value == null || !(value.isString() || value.isNumber())) {
			return null;
		}
		String text = value.asString();
		return text.isBlank() ? null : text;
	}

	/**
	 * A time at {@code pointer}: epoch seconds or milliseconds (number or numeric string) or an ISO-8601
	 * instant with offset. {@code null} when absent or unreadable: the receipt time is used then.
	 */
	static Instant time(JsonNode node, String pointer) {
		JsonNode value = node.at(pointer);
		if (value.isIntegralNumber()) {
			// a number past the range of long is no time (and asLong would throw)
			return value.canConvertToLong() ? epoch(value.asLong()) : null;
		}
		String text = text(value);
		if (text == null) {
			return null;
		}
		// most senders write UTC instants: read those without an exception from parseLong and DateTimeFormatter
		Instant utc = UtcInstants.parse(text);
		if (utc != null) {
			return utc;
		}
		try {
			return epoch(Long.parseLong(text));
		}
		catch (NumberFormatException notANumber) {
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeException notATime) {
				return null;
			}
		}
	}

	private static Instant epoch(long value) {
		if (value <= 0) {
			return null;
		}
		return value >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
	}

	/** Puts {@code value} when it is not {@code null}. */
	static void putIfPresent(ObjectNode target, String name, String value) {
		if (value != null) {
			target.put(name, value);
		}
	}

	static void putIfPresent(ObjectNode target, String name, JsonNode value) {
		if (value != null && !value.isMissingNode() && !value.isNull()) {
			target.set(name, value);
		}
	}

}
