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
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatcherTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void concurrentRequestsShareOneBatchAndEachGetsItsOwnResult() {
		List<List<Integer>> batches = new CopyOnWriteArrayList<>();
		try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>(100, 1, TIMEOUT, requests -> {
			batches.add(List.copyOf(requests));
			Map<Integer, String> results = new HashMap<>();
			requests.forEach(r -> results.put(r, "r" + r));
			return Mono.delay(Duration.ofMillis(50)).thenReturn(results);
		})) {
			List<String> answers = Flux.range(0, 10).flatMap(batcher::submit).collectList().block(Duration.ofSeconds(5));
			assertThat(answers).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
			assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
		}
	}

	@Test
	void aLoneRequestGoesAtOnceAndThoseArrivingWhileTheSlotIsBusyShareTheNextBatches() {
		List<Integer> sizes = new CopyOnWriteArrayList<>();
		Sinks.One<Map<Integer, Integer>> firstBatch = Sinks.one();
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(4, 1, TIMEOUT, requests -> {
			sizes.add(requests.size());
			return sizes.size() == 1 ? firstBatch.asMono() : Mono.just(Map.of());
		})) {
			batcher.submit(0).subscribe();
			assertThat(sizes).containsExactly(1);
			Mono<List<Integer>> rest = Flux.range(1, 9).flatMap(batcher::submit).collectList().cache();
			rest.subscribe();
			assertThat(sizes).containsExactly(1);
			firstBatch.tryEmitValue(Map.of());
			rest.block(Duration.ofSeconds(5));
			assertThat(sizes).containsExactly(1, 4, 4, 1);
		}
	}

	@Test
	void aRequestAbsentFromTheResultsOrRepeatedInTheBatchCompletesEmpty() {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>(10, 1, TIMEOUT,
				requests -> Mono.delay(Duration.ofMillis(20)).thenReturn(Map.of("claimed", "work")))) {
			List<String> answers = new ArrayList<>();
			// "first" takes the free slot alone; the other three arrive while it runs and share the next batch
			Flux.just("first", "claimed", "claimed", "gone").flatMap(batcher::submit).doOnNext(answers::add)
				.blockLast(Duration.ofSeconds(5));
			assertThat(answers).containsExactly("work");
		}
	}

	@Test
	void aFailedBatchFailsItsRequestsAndLaterBatchesStillRun() {
		int[] calls = { 0 };
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(10, 1, TIMEOUT, requests -> {
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
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(2, 1, TIMEOUT, requests -> {
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

	@Test
	void aBatchThatNeverAnswersFailsItsRequestsAfterTheTimeoutAndFreesItsSlot() {
		int[] calls = { 0 };
		try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(10, 1,
				Duration.ofMillis(200), requests -> calls[0]++ == 0 ? Mono.never() : Mono.just(Map.of(requests.get(0), 1)))) {
			StepVerifier.create(batcher.submit(7))
				.expectError(java.util.concurrent.TimeoutException.class)
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(batcher.submit(8)).expectNext(1).verifyComplete();
		}
	}

	@Test
	void everyRequestIsAnsweredWhenRequestsArriveFromManyThreadsWhileBatchesAreSlow() {
		java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
		try (MicroBatcher<Long, Long> batcher = new MicroBatcher<>(16, 2, TIMEOUT, requests -> {
			Map<Long, Long> results = new HashMap<>();
			requests.forEach(r -> results.put(r, r));
			return Mono.delay(Duration.ofMillis(requests.size() % 3)).thenReturn(results);
		})) {
			Long answered = Flux.range(0, 20_000)
				.parallel(8)
				.runOn(reactor.core.scheduler.Schedulers.parallel())
				.flatMap(i -> batcher.submit(seq.incrementAndGet()), false, 64)
				.sequential()
				.count()
				.block(Duration.ofSeconds(60));
			assertThat(answered).isEqualTo(20_000);
		}
	}

}
