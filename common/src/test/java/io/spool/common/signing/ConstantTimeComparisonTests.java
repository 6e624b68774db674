package io.spool.common.signing;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every signature and token check in Spool compares through {@link HmacSha256#constantTimeEquals}: how long it
 * takes must not tell an attacker how many leading bytes of a forged signature were right. Measured on 64 KiB
 * values, where an early-exit comparison ({@code Arrays.equals}) answers a difference in the first byte about a
 * thousand times faster than one in the last byte; the check allows a factor of two of noise.
 */
class ConstantTimeComparisonTests {

	@Test
	void aDifferenceInTheFirstByteTakesAsLongToFindAsOneInTheLastByte() {
		byte[] secret = new byte[1 << 16];
		new Random(42).nextBytes(secret);
		byte[] firstWrong = secret.clone();
		firstWrong[0] ^= 1;
		byte[] lastWrong = secret.clone();
		lastWrong[lastWrong.length - 1] ^= 1;

		double ratio = medianNanos(secret, firstWrong) / medianNanos(secret, lastWrong);

		assertThat(HmacSha256.constantTimeEquals(secret, firstWrong)).isFalse();
		assertThat(HmacSha256.constantTimeEquals(secret, secret.clone())).isTrue();
		assertThat(ratio).as("time(first byte differs) / time(last byte differs)").isBetween(0.5, 2.0);
	}

	private static double medianNanos(byte[] expected, byte[] given) {
		boolean sink = false;
		for (int i = 0; i < 3_000; i++) { // warm-up, so that both cases run compiled code
			sink ^= HmacSha256.constantTimeEquals(expected, given);
		}
		long[] samples = new long[301];
		for (int i = 0; i < samples.length; i++) {
			long started = System.nanoTime();
			sink ^= HmacSha256.constantTimeEquals(expected, given);
			samples[i] = System.nanoTime() - started;
		}
		assertThat(sink).isIn(true, false);
		Arrays.sort(samples);
		return Math.max(1, samples[samples.length / 2]);
	}

}
