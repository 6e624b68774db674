package io.spool.common.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the constant-time comparison every verifier in Spool uses. Pure functions. */
public final class HmacSha256 {

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private HmacSha256() {
	}

	/** Each thread's MACs of the last keys it used: a webhook or a delivery reuses one instead of building one. */
	private static final ThreadLocal<KeyedMacs> MACS = ThreadLocal.withInitial(KeyedMacs::new);

	/** The MAC of the concatenation of {@code parts}, without copying them into one array first. */
	public static byte[] mac(byte[] key, byte[]... parts) {
		Mac mac = MACS.get().initializedWith(key);
		for (byte[] part : parts) {
			mac.update(part); // on an initialized Mac this cannot fail (a null part is skipped)
		}
		return mac.doFinal(); // and the Mac is back where init left it, ready for the next message
	}

	/** Lowercase hexadecimal of the MAC of {@code body}. */
	public static String hex(byte[] key, byte[] body) {
		return HEX.formatHex(mac(key, body));
	}

	/** Compares in time that depends only on the lengths, never on where the first difference is. */
	public static boolean constantTimeEquals(byte[] expected, byte[] actual) {
		return MessageDigest.isEqual(expected, actual);
	}

	/** Hex digits to bytes, or {@code null} if {@code hex} is not an even-length string of hex digits. */
	static byte[] parseHex(String hex) {
		if (hex.isEmpty() || (hex.length() & 1) != 0) {
			return null;
		}
		for (int i = 0; i < hex.length(); i++) {
			if (Character.digit(hex.charAt(i), 16) < 0) {
				return null;
			}
		}
		return HEX.parseHex(hex);
	}

	/**
	 * A few initialized MACs, by key. Provider lookup and the key schedule (two SHA-256 blocks) were nearly half of a
	 * webhook's signature check in a profile of the ingest; a thread sees few keys (a source's secret and the one it rotates
	 * from, a subscriber's), so a handful of slots replaced in turn is enough.
	 */
	private static final class KeyedMacs {

		private static final int SLOTS = 8;

		private final byte[][] keys = new byte[SLOTS][];

		private final Mac[] macs = new Mac[SLOTS];

		private int next;

		Mac initializedWith(byte[] key) {
			for (int i = 0; i < SLOTS && keys[i] != null; i++) {
				if (Arrays.equals(keys[i], key)) {
					return macs[i];
				}
			}
			Mac mac = newMac(key);
			keys[next] = key.clone();
			macs[next] = mac;
			next = (next + 1) % SLOTS;
			return mac;
		}

		private static Mac newMac(byte[] key) {
			try {
				Mac mac = Mac.getInstance(ALGORITHM);
				mac.init(new SecretKeySpec(key, ALGORITHM));
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
			}
		}

	}

}
