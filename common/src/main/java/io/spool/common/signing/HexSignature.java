package io.spool.common.signing;

import java.nio.charset.StandardCharsets;

/**
 * The hex HMAC-SHA256 scheme of the marketplace (seed 002, {@code X-Webhook-Signature: sha256=<hex>}) and of
 * the print service (seed 004, {@code X-Print-Service-Signature: <hex>}): a prefix, then the hexadecimal
 * HMAC-SHA256 of the exact raw body. Immutable; holds no secret.
 */
public final class HexSignature {

	/** The marketplace's scheme. */
	public static final HexSignature SHA256_PREFIXED = new HexSignature("sha256=");

	/** The print service's scheme: hex alone. */
	public static final HexSignature BARE = new HexSignature("");

	private final String prefix;

	public HexSignature(String prefix) {
		this.prefix = prefix == null ? "" : prefix;
	}

	public String prefix() {
		return prefix;
	}

	/** {@code prefix + lowercase hex HMAC-SHA256(secret, body)}. */
	public String sign(byte[] secret, byte[] body) {
		return prefix + HmacSha256.hex(secret, body);
	}

	public String sign(String secret, byte[] body) {
		return sign(secret.getBytes(StandardCharsets.UTF_8), body);
	}

	/**
	 * Checks a signature header against the body, in constant time over the MAC. Hex digits are accepted in
	 * either case; the prefix must match exactly.
	 * @throws SignatureException naming what is wrong, never what was expected
	 */
	public void verify(byte[] secret, String header, byte[] body) {
		if (header == null || header.isBlank()) {
			throw new SignatureException(SignatureException.Reason.MISSING, "signature header is missing");
		}
		String value = header.strip();
		if (!value.startsWith(prefix)) {
			throw new SignatureException(SignatureException.Reason.MALFORMED,
					"signature must start with '" + prefix + "'");
		}
		byte[] given = HmacSha256.parseHex(value.substring(prefix.length()));
		if (given == null) {
			throw new SignatureException(SignatureException.Reason.MALFORMED, "signature is not hexadecimal");
		}
		if (!HmacSha256.constantTimeEquals(HmacSha256.mac(secret, body), given)) {
			throw new SignatureException(SignatureException.Reason.MISMATCH, "signature does not match the body");
		}
	}

	public void verify(String secret, String header, byte[] body) {
		verify(secret.getBytes(StandardCharsets.UTF_8), header, body);
	}

}
