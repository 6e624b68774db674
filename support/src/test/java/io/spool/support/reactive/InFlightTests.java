package io.spool.support.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTests {

	@Test
	void neverRunsMoreThanTheLimitAndRunsEveryElementOnce() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		Set<Integer> seen = ConcurrentHashMap.newKeySet();
		AtomicInteger duplicates = new AtomicInteger();
		Mono<Void> all = InFlight.forEach(Flux.range(0, 20_000), 64, i -> Mono.defer(() -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			if (!seen.add(i)) {
				duplicates.incrementAndGet();
			}
			// handlers finishing on many threads at once, some at once and some later
			Mono<Integer> work = i % 3 == 0 ? Mono.just(i) : Mono.just(i).delayElement(Duration.ofNanos(i % 50_000));
			// counted as done before the runner hears of it (doFinally would run after it started the next one)
			return work.subscribeOn(Schedulers.parallel()).doOnTerminate(running::decrementAndGet);
		}));

		StepVerifier.create(all).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(seen).hasSize(20_000);
		assertThat(duplicates).hasValue(0);
		assertThat(most.get()).isBetween(2, 64);
	}

	@Test
	void asksTheSourceForOneMoreElementPerFinishedHandlerAndNeverForMoreThanTheLimitAhead() {
		List<Long> requests = new CopyOnWriteArrayList<>();
		List<Sinks.Empty<Void>> handlers = new CopyOnWriteArrayList<>();
		Disposable run = InFlight.forEach(Flux.range(0, 100).doOnRequest(requests::add), 3, i -> {
			Sinks.Empty<Void> done = Sinks.empty();
			handlers.add(done);
			return done.asMono();
		}).subscribe();

		assertThat(handlers).hasSize(3);
		assertThat(requests).containsExactly(3L);
		handlers.get(1).tryEmitEmpty();
		assertThat(handlers).hasSize(4);
		handlers.get(0).tryEmitError(new IllegalStateException("a handler's failure is its own"));
		assertThat(handlers).hasSize(5);
		assertThat(requests).containsExactly(3L, 1L, 1L);
		run.dispose();
	}

	@Test
	void completesOnlyOnceTheSourceHasCompletedAndEveryHandlerHasFinished() {
		Sinks.Empty<Void> slow = Sinks.empty();
		AtomicLong finished = new AtomicLong();
		Mono<Void> all = InFlight.forEach(Flux.just(1, 2, 3), 8,
				i -> (i == 2 ? slow.asMono() : Mono.<Void>empty()).doFinally(s -> finished.incrementAndGet()));

		StepVerifier.create(all)
			.expectSubscription()
			.then(() -> assertThat(finished).hasValue(2))
			.expectNoEvent(Duration.ofMillis(100))
			.then(slow::tryEmitEmpty)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aFailingSourceFailsTheRunAndCancellingTheRunCancelsItsHandlers() {
		StepVerifier.create(InFlight.forEach(Flux.concat(Flux.just(1), Flux.error(new IllegalStateException("gone"))), 4,
				i -> Mono.empty()))
			.expectErrorMessage("gone")
			.verify(Duration.ofSeconds(5));

		AtomicInteger cancelled = new AtomicInteger();
		Disposable run = InFlight.forEach(Flux.range(0, 10), 4,
				i -> Mono.never().doOnCancel(cancelled::incrementAndGet)).subscribe();
		run.dispose();
		assertThat(cancelled).hasValue(4);
	}

	@Test
	void aHandlerThatThrowsIsCountedAsFinished() {
		StepVerifier.create(InFlight.forEach(Flux.range(0, 10), 2, i -> {
			if (i % 2 == 0) {
				throw new IllegalArgumentException("bad element " + i);
			}
			return Mono.empty();
		})).expectComplete().verify(Duration.ofSeconds(5));
	}

}
