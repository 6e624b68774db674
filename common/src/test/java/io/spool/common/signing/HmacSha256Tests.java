package io.spool.common.signing;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HmacSha256Tests {

	/** The oracle: a MAC built for each message, as the JDK documents it. */
	private static byte[] fresh(byte[] key, byte[]... parts) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		for (byte[] part : parts) {
			mac.update(part);
		}
		return mac.doFinal();
	}

	@Test
	void manyKeysInTurnEachGiveTheirOwnMac() throws Exception {
		// more keys than a thread keeps, revisited in random order, some equal in content but not the same array
		Random random = new Random(7);
		byte[][] keys = new byte[20][];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = new byte[1 + random.nextInt(100)]; // shorter and longer than SHA-256's 64-byte block
			random.nextBytes(keys[i]);
		}
		for (int n = 0; n < 5_000; n++) {
			byte[] key = keys[random.nextInt(random.nextBoolean() ? 3 : keys.length)].clone();
			byte[] first = new byte[random.nextInt(300)];
			byte[] second = new byte[random.nextInt(3)];
			random.nextBytes(first);
			random.nextBytes(second);
			assertThat(HmacSha256.mac(key, first, second)).isEqualTo(fresh(key, first, second));
		}
	}

	@Test
	void aKeyChangedAfterUseIsNotMistakenForTheOldOne() throws Exception {
		byte[] key = "secret-one".getBytes(StandardCharsets.UTF_8);
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		byte[] before = HmacSha256.mac(key, body);
		key[0] = 'S';
		assertThat(HmacSha256.mac(key, body)).isEqualTo(fresh(key, body)).isNotEqualTo(before);
	}

	@Test
	void threadsSigningAtOnceGetTheRightMacs() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Callable<Boolean> signer = () -> {
				Random random = new Random(Thread.currentThread().getId());
				for (int n = 0; n < 2_000; n++) {
					byte[] key = ("key-" + random.nextInt(12)).getBytes(StandardCharsets.UTF_8);
					byte[] body = new byte[random.nextInt(200)];
					random.nextBytes(body);
					if (!java.util.Arrays.equals(HmacSha256.mac(key, body), fresh(key, body))) {
						return false;
					}
				}
				return true;
			};
			var results = pool.invokeAll(java.util.List.of(signer, signer, signer, signer));
			for (Future<Boolean> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
