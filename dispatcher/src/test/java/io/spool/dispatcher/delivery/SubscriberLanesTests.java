package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberLanesTests {

	@Test
	void aSubscribersDeliveriesRunAtMostItsConcurrencyAtOnceAndAllRun() {
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 3, 100, 0);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<Boolean> done = Flux.range(0, 30)
			.flatMap(i -> lanes.submit("a", () -> Mono.fromRunnable(() -> most.accumulateAndGet(running.incrementAndGet(), Math::max))
				.then(Mono.delay(Duration.ofMillis(5)))
				.doOnTerminate(running::decrementAndGet)
				.then()))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(done).hasSize(30).containsOnly(true);
		assertThat(most.get()).isEqualTo(3);
	}

	@Test
	void aFullLaneRefusesAtOnceWhileAnotherSubscribersLaneGoesOn() {
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 2, 3, 0);
		Sinks.Empty<Void> never = Sinks.empty();
		for (int i = 0; i < 5; i++) {
			lanes.submit("hanging", never::asMono).subscribe();
		}
		assertThat(lanes.load("hanging")).isEqualTo(5);
		StepVerifier.create(lanes.submit("hanging", Mono::empty)).expectNext(false).verifyComplete();
		StepVerifier.create(lanes.submit("healthy", Mono::empty)).expectNext(true).verifyComplete();
		assertThat(lanes.load("hanging")).isEqualTo(5);
	}

	@Test
	void pastItsBacklogALaneParksWorkAnsweringAtOnceRunsItInOrderOfArrivalAndRefusesOnlyPastTheOverflow() {
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 1, 1, 2);
		List<Integer> ran = new CopyOnWriteArrayList<>();
		List<Sinks.Empty<Void>> running = new CopyOnWriteArrayList<>();
		IntFunction<Supplier<Mono<Void>>> work = i -> () -> {
			ran.add(i);
			Sinks.Empty<Void> done = Sinks.empty();
			running.add(done);
			return done.asMono();
		};
		lanes.submit("slow", work.apply(0)).subscribe(); // runs
		AtomicReference<Boolean> held = new AtomicReference<>();
		lanes.submit("slow", work.apply(1)).subscribe(held::set); // waits, and its caller with it
		assertThat(held.get()).isNull();
		StepVerifier.create(lanes.submit("slow", work.apply(2))).expectNext(true).verifyComplete(); // parked
		StepVerifier.create(lanes.submit("slow", work.apply(3))).expectNext(true).verifyComplete(); // parked
		StepVerifier.create(lanes.submit("slow", work.apply(4))).expectNext(false).verifyComplete(); // refused
		assertThat(lanes.load("slow")).isEqualTo(4);
		assertThat(ran).containsExactly(0);

		for (int i = 0; i < 4; i++) {
			running.get(i).tryEmitEmpty();
		}
		assertThat(ran).containsExactly(0, 1, 2, 3);
		assertThat(held.get()).isTrue();
		assertThat(lanes.load("slow")).isZero();
	}

	@Test
	void aFailedDeliveryFreesItsPlace() {
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 1, 0, 0);
		StepVerifier.create(lanes.submit("a", () -> Mono.error(new IllegalStateException("boom"))))
			.expectNext(true)
			.verifyComplete();
		StepVerifier.create(lanes.submit("a", Mono::empty)).expectNext(true).verifyComplete();
		assertThat(lanes.load("a")).isZero();
	}

	@Test
	void aHigherConcurrencyLearntLaterStartsMoreAtOnce() {
		AtomicInteger limit = new AtomicInteger(1);
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> limit.get(), 10, 0);
		Sinks.Empty<Void> first = Sinks.empty();
		AtomicInteger started = new AtomicInteger();
		lanes.submit("a", () -> {
			started.incrementAndGet();
			return first.asMono();
		}).subscribe();
		limit.set(3);
		for (int i = 0; i < 2; i++) {
			lanes.submit("a", () -> {
				started.incrementAndGet();
				return Mono.never();
			}).subscribe();
		}
		assertThat(started.get()).isEqualTo(3);
	}

	@Test
	void aLaneIsDroppedOnceItsWorkIsDone() {
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 2, 10, 0);
		Flux.range(0, 200).flatMap(i -> lanes.submit("job/" + i, Mono::empty)).blockLast(Duration.ofSeconds(10));
		Sinks.Empty<Void> open = Sinks.empty();
		lanes.submit("job/open", open::asMono).subscribe();
		assertThat(lanes.lanes()).isEqualTo(1);
		open.tryEmitEmpty();
		assertThat(lanes.lanes()).isZero();
	}

}
