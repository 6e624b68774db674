package io.spool.ingest.webhook.verify;

import java.util.List;
import java.util.function.Consumer;

import io.spool.common.signing.SignatureException;

/**
 * Verification with several keys, as during a secret rotation: the request passes if any key verifies it. A
 * request that is missing or malformed fails at once; only a mismatch moves on to the next key.
 */
final class KeyRotation {

	private KeyRotation() {
	}

	static <K> void verifyWithAny(List<K> keys, Consumer<K> verification) {
		SignatureException last = null;
		for (K key : keys) {
			try {
				verification.accept(key);
				return;
			}
			catch (SignatureException ex) {
				if (ex.reason() != SignatureException.Reason.MISMATCH) {
					throw ex;
				}
				last = ex;
			}
		}
		throw last;
	}

}
