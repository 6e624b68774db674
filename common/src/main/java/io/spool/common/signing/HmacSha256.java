package io.spool.common.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the constant-time comparison every verifier in Spool uses. Pure functions. */
public final class HmacSha256 {

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private HmacSha256() {
	}

	/** The MAC of the concatenation of {@code parts}, without copying them into one array first. */
	public static byte[] mac(byte[] key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
		}
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

}
