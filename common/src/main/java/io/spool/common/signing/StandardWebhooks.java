package io.spool.common.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing and verification: {@code v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">}, several space-separated signatures per header, and a timestamp
 * tolerance against replays. Immutable and thread-safe; {@link #toString()} never shows the key.
 */
public final class StandardWebhooks {

	public static final String ID_HEADER = "webhook-id";

	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	public static final String SIGNATURE_HEADER = "webhook-signature";

	/** The spec's recommended tolerance. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private static final String SECRET_PREFIX = "whsec_";

	private static final String VERSION = "v1";

	private static final byte[] DOT = { '.' };

	private final byte[] key;

	private StandardWebhooks(byte[] key) {
		if (key.length == 0) {
			throw new IllegalArgumentException("a Standard Webhooks key must not be empty");
		}
		this.key = key.clone();
	}

	/**
	 * From a secret as senders hand it out: {@code whsec_} followed by base64, or base64 alone.
	 * @throws IllegalArgumentException when the secret is not base64 (the message never echoes it)
	 */
	public static StandardWebhooks fromSecret(String secret) {
		if (secret == null) {
			throw new IllegalArgumentException("a Standard Webhooks secret is required");
		}
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		try {
			return new StandardWebhooks(Base64.getDecoder().decode(encoded));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("a Standard Webhooks secret must be base64, optionally after 'whsec_'");
		}
	}

	/** From raw key bytes. */
	public static StandardWebhooks fromKey(byte[] key) {
		return new StandardWebhooks(key);
	}

	/** The {@code webhook-signature} value for one message: {@code v1,<base64>}. */
	public String sign(String id, long timestampSeconds, byte[] body) {
		return VERSION + "," + Base64.getEncoder().encodeToString(mac(id, Long.toString(timestampSeconds), body));
	}

	/**
	 * Verifies one message.
	 * @param id the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header, in seconds since the epoch
	 * @param signatures the {@code webhook-signature} header: one or more space-separated {@code v1,<base64>}
	 * @param body the exact raw bytes received
	 * @param now the current time
	 * @param tolerance how far the timestamp may be from {@code now}, either way
	 * @throws SignatureException when a header is missing or malformed, the timestamp is outside the
	 * tolerance, or no {@code v1} signature matches
	 */
	public void verify(String id, String timestamp, String signatures, byte[] body, Instant now, Duration tolerance) {
		if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
			throw new SignatureException(SignatureException.Reason.MISSING,
					"headers webhook-id, webhook-timestamp and webhook-signature are required");
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.strip());
		}
		catch (NumberFormatException ex) {
			throw new SignatureException(SignatureException.Reason.MALFORMED,
					"webhook-timestamp must be whole seconds since the epoch");
		}
		long skew = Math.abs(now.getEpochSecond() - seconds);
		if (skew > tolerance.toSeconds()) {
			throw new SignatureException(SignatureException.Reason.TIMESTAMP_OUT_OF_TOLERANCE,
					"webhook-timestamp is outside the tolerance of " + tolerance.toSeconds() + " s");
		}
		byte[] expected = mac(id, Long.toString(seconds), body);
		boolean sawV1 = false;
		for (String candidate : signatures.strip().split(" +")) {
			int comma = candidate.indexOf(',');
			if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
				continue;
			}
			sawV1 = true;
			byte[] given;
			try {
				given = Base64.getDecoder().decode(candidate.substring(comma + 1));
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			if (HmacSha256.constantTimeEquals(expected, given)) {
				return;
			}
		}
		if (!sawV1) {
			throw new SignatureException(SignatureException.Reason.MALFORMED,
					"webhook-signature has no 'v1,<base64>' signature");
		}
		throw new SignatureException(SignatureException.Reason.MISMATCH, "no signature matches the body");
	}

	private byte[] mac(String id, String timestamp, byte[] body) {
		return HmacSha256.mac(key, id.getBytes(StandardCharsets.UTF_8), DOT,
				timestamp.getBytes(StandardCharsets.UTF_8), DOT, body);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	@Override
	public String toString() {
		return "StandardWebhooks[key=<redacted>]";
	}

}
