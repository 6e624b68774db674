package io.spool.support.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatcherTests {

	@Test
	void concurrentRequestsShareOneBatchAndEachGetsItsOwnResult() {
		List<List<Integer>> batches = new CopyOnWriteArrayList<>();
		try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>(100, Duration.ofMillis(50), 1, requests -> {
			batches.add(List.copyOf(requests));
			Map<Integer, String> results = new HashMap<>();
			requests.forEach(r -> results.put(r, "r" + r));
			return Mono.just(results);
		})) {
			List<String> answers = Flux.range(0, 10).flatMap(batcher::submit).collectList().block(Duration.ofSeconds(5));
			assertThat(answers).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
			assertThat(batches).hasSize(1);
		}
	}

	@Test
	void aFullBatchGoesAtOnceAndTheRestAfterTheWait() {
		List<Integer> sizes = new CopyOnWriteArrayList<>();
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(4, Duration.ofMillis(20), 2, requests -> {
			sizes.add(requests.size());
			return Mono.just(Map.of());
		})) {
			Flux.range(0, 10).flatMap(batcher::submit).blockLast(Duration.ofSeconds(5));
			assertThat(sizes).containsExactlyInAnyOrder(4, 4, 2);
		}
	}

	@Test
	void aRequestAbsentFromTheResultsOrRepeatedInTheBatchCompletesEmpty() {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>(10, Duration.ofMillis(30), 1,
				requests -> Mono.just(Map.of("claimed", "work")))) {
			List<String> answers = new ArrayList<>();
			Flux.just("claimed", "claimed", "gone").flatMap(batcher::submit).doOnNext(answers::add)
				.blockLast(Duration.ofSeconds(5));
			assertThat(answers).containsExactly("work");
		}
	}

	@Test
	void aFailedBatchFailsItsRequestsAndLaterBatchesStillRun() {
		int[] calls = { 0 };
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(10, Duration.ofMillis(10), 1, requests -> {
			if (calls[0]++ == 0) {
				return Mono.error(new IllegalStateException("database down"));
			}
			return Mono.just(Map.of(requests.get(0), 1));
		})) {
			StepVerifier.create(batcher.submit(7)).expectErrorMessage("database down").verify(Duration.ofSeconds(5));
			StepVerifier.create(batcher.submit(8)).expectNext(1).verifyComplete();
		}
	}

	@Test
	void requestsWaitWhileEveryBatchSlotIsBusyInsteadOfOverflowing() {
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(2, Duration.ofMillis(1), 1, requests -> {
			Map<Integer, Integer> results = new HashMap<>();
			requests.forEach(r -> results.put(r, r));
			return Mono.delay(Duration.ofMillis(20)).thenReturn(results);
		})) {
			List<Integer> answers = Flux.range(0, 40)
				.delayElements(Duration.ofMillis(1))
				.flatMap(batcher::submit)
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(answers).hasSize(40);
		}
	}

}
