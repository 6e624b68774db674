package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.Locale;

/**
 * What one attempt to deliver gave (CONTRACT §3 retry rules): network errors, timeouts, {@code 5xx},
 * {@code 408} and {@code 429} may succeed later; {@code 410 Gone} means the subscriber is gone; any other
 * {@code 4xx} (and {@code 3xx}: redirects are not followed) will not succeed by trying again.
 *
 * @param outcome the class of result
 * @param responseCode the HTTP status, or {@code null} without a response
 * @param responseBody the start of the response body (at most {@value #MAX_EXCERPT} bytes), or {@code null}
 * @param errorType {@code timeout}, {@code connection}, {@code http_3xx}, {@code http_4xx}, {@code http_5xx},
 * {@code blocked_target}, {@code circuit_open}, {@code throttled}; {@code null} when sent
 * @param errorMessage what went wrong, or {@code null}
 * @param duration how long the attempt took
 * @param retryAfter the subscriber's {@code Retry-After}, or {@code null}
 */
public record AttemptResult(Outcome outcome, Integer responseCode, String responseBody, String errorType,
		String errorMessage, Duration duration, Duration retryAfter) {

	public static final int MAX_EXCERPT = 4096;

	public enum Outcome {

		SENT, RETRYABLE, PERMANENT, GONE;

		private final String tag = name().toLowerCase(Locale.ROOT);

		public String tag() {
			return tag;
		}

	}

	public boolean isRetryable() {
		return outcome == Outcome.RETRYABLE;
	}

	public static AttemptResult ofStatus(int status, String body, Duration retryAfter, Duration took) {
		String excerpt = excerpt(body);
		if (status >= 200 && status < 300) {
			return new AttemptResult(Outcome.SENT, status, excerpt, null, null, took, null);
		}
		if (status == 410) {
			return new AttemptResult(Outcome.GONE, status, excerpt, "http_4xx", "410 Gone: the subscriber is gone",
					took, null);
		}
		if (status >= 500 || status == 408 || status == 429) {
			return new AttemptResult(Outcome.RETRYABLE, status, excerpt, status >= 500 ? "http_5xx" : "http_4xx",
					"HTTP " + status, took, retryAfter);
		}
		String type = status >= 300 && status < 400 ? "http_3xx" : "http_4xx";
		return new AttemptResult(Outcome.PERMANENT, status, excerpt, type, "HTTP " + status + " is not retried", took,
				null);
	}

	public static AttemptResult error(String errorType, String message, boolean retryable, Duration took) {
		return new AttemptResult(retryable ? Outcome.RETRYABLE : Outcome.PERMANENT, null, null, errorType,
				message == null ? errorType : message, took, null);
	}

	static String excerpt(String body) {
		if (body == null) {
			return null;
		}
		byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		if (bytes.length <= MAX_EXCERPT) {
			return body;
		}
		return new String(bytes, 0, MAX_EXCERPT, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
	public static Duration parseRetryAfter(String value, java.time.Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			long seconds = Long.parseLong(value.strip());
			return seconds < 0 ? null : Duration.ofSeconds(seconds);
		}
		catch (NumberFormatException notSeconds) {
			try {
				java.time.Instant at = java.time.ZonedDateTime
					.parse(value.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
					.toInstant();
				Duration wait = Duration.between(now, at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (java.time.format.DateTimeParseException notADate) {
				return null;
			}
		}
	}

}
