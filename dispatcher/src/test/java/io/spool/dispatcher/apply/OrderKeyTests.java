package io.spool.dispatcher.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderKeyTests {

	/** The form the state rows store per field since the first version: it must not change. */
	private static String formatted(Instant time, int rank, String eventId) {
		return String.format("%012d.%09d|%d|%s", Math.max(0, time.getEpochSecond()), time.getNano(), rank, eventId);
	}

	@Test
	void writesTheSameKeyTheStateRowsAlreadyHoldForAnyTimeRankAndId() {
		SplittableRandom random = new SplittableRandom(7);
		List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(1_750_000_000L, 5),
				Instant.ofEpochSecond(999_999_999_999L, 999_999_999), Instant.ofEpochSecond(1_000_000_000_000L),
				Instant.MAX, Instant.ofEpochSecond(-5, 123), Instant.MIN));
		for (int i = 0; i < 5_000; i++) {
			times.add(Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)));
		}
		for (Instant time : times) {
			int rank = random.nextInt(10);
			String id = random.nextBoolean() ? "e-" + random.nextInt() : null;
			assertThat(OrderKey.of(time, rank, id).value()).as("%s rank %d id %s", time, rank, id)
				.isEqualTo(formatted(time, rank, id));
		}
	}

	@Test
	void ordersByTimeThenRankThenId() {
		Instant t = Instant.ofEpochSecond(1_750_000_000L, 500);
		assertThat(OrderKey.of(t, 9, "a")).isLessThan(OrderKey.of(t.plusNanos(1), 0, "a"));
		assertThat(OrderKey.of(t, 1, "z")).isLessThan(OrderKey.of(t, 2, "a"));
		assertThat(OrderKey.of(t, 1, "a")).isLessThan(OrderKey.of(t, 1, "b"));
		assertThat(OrderKey.of(Instant.ofEpochSecond(9), 0, "a"))
			.isLessThan(OrderKey.of(Instant.ofEpochSecond(10), 0, "a"));
	}

	@Test
	void refusesARankOfMoreThanOneDigit() {
		assertThatIllegalArgumentException().isThrownBy(() -> OrderKey.of(Instant.EPOCH, 10, "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> OrderKey.of(Instant.EPOCH, -1, "a"));
	}

}
