package io.spool.common.trace;

import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}). Spool carries the
 * sender's trace from the webhook request through the Kafka record and the CloudEvent ({@code traceparent}
 * extension of the CloudEvents distributed tracing spec) to the outbound delivery, each hop a child span of the
 * one before. Immutable; pure but for the random ids.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero
 * @param flags 2 hex digits ({@code 01} = sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

	public static final String HEADER = "traceparent";

	/** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
	private static final int LENGTH = 55;

	private static final HexFormat HEX = HexFormat.of();

	/** The header's value, when it is a valid version-00 {@code traceparent}. */
	public static Optional<TraceParent> parse(String header) {
		if (header == null) {
			return Optional.empty();
		}
		// checked by hand, not with a regular expression: every outbound delivery parses one
		String value = header.strip().toLowerCase(Locale.ROOT);
		if (value.length() != LENGTH || !value.startsWith("00-") || value.charAt(35) != '-' || value.charAt(52) != '-'
				|| !isHex(value, 3, 35) || !isHex(value, 36, 52) || !isHex(value, 53, LENGTH)) {
			return Optional.empty();
		}
		String traceId = value.substring(3, 35);
		String parentId = value.substring(36, 52);
		if (isZero(traceId) || isZero(parentId)) {
			return Optional.empty();
		}
		return Optional.of(new TraceParent(traceId, parentId, value.substring(53)));
	}

	private static boolean isHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return false;
			}
		}
		return true;
	}

	/** A new trace, sampled. */
	public static TraceParent start() {
		return new TraceParent(randomHex(16), randomHex(8), "01");
	}

	/** A child span: the same trace, a new span id. */
	public TraceParent child() {
		return new TraceParent(traceId, randomHex(8), flags);
	}

	/** The sender's trace continued, or a new one. */
	public static TraceParent continueOrStart(String header) {
		return parse(header).map(TraceParent::child).orElseGet(TraceParent::start);
	}

	@Override
	public String toString() {
		return "00-" + traceId + "-" + parentId + "-" + flags;
	}

	private static String randomHex(int bytes) {
		byte[] id = new byte[bytes];
		String hex;
		do {
			// Trace ids need to be unique, not secret (W3C Trace Context §3.2.2.3); ThreadLocalRandom never blocks
			// or contends on an event loop, as a shared SecureRandom would.
			ThreadLocalRandom.current().nextBytes(id);
			hex = HEX.formatHex(id);
		}
		while (isZero(hex));
		return hex;
	}

	private static boolean isZero(String hex) {
		for (int i = 0; i < hex.length(); i++) {
			if (hex.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

}
