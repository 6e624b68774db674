package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SubscriberLanesTests {

	/** What delivering each id does; an id without an entry completes at once. */
	private final Map<UUID, Supplier<Mono<Void>>> work = new ConcurrentHashMap<>();

	private final Function<UUID, Mono<Void>> deliver = id -> work.getOrDefault(id, Mono::empty).get();

	/** The deliveries left pending in the "database", in the order they were left. */
	private final PendingRows pending = new PendingRows();

	private SubscriberLanes lanes(int concurrency, int backlog, int overflow) {
		return new SubscriberLanes(subscriber -> concurrency, deliver, pending, backlog, overflow);
	}

	private UUID delivery(Supplier<Mono<Void>> what) {
		UUID id = UUID.randomUUID();
		work.put(id, what);
		return id;
	}

	@Test
	void aSubscribersDeliveriesRunAtMostItsConcurrencyAtOnceAndAllRun() {
		SubscriberLanes lanes = lanes(3, 100, 0);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<Boolean> done = Flux.range(0, 30)
			.flatMap(i -> lanes.submit("a", delivery(() -> Mono.fromRunnable(() -> most.accumulateAndGet(running.incrementAndGet(), Math::max))
				.then(Mono.delay(Duration.ofMillis(5)))
				.doOnTerminate(running::decrementAndGet)
				.then())))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(done).hasSize(30).containsOnly(true);
		assertThat(most.get()).isEqualTo(3);
	}

	@Test
	void aFullLaneRefusesAtOnceWhileAnotherSubscribersLaneGoesOn() {
		SubscriberLanes lanes = lanes(2, 3, 0);
		Sinks.Empty<Void> never = Sinks.empty();
		for (int i = 0; i < 5; i++) {
			lanes.submit("hanging", delivery(never::asMono)).subscribe();
		}
		assertThat(lanes.load("hanging")).isEqualTo(5);
		StepVerifier.create(lanes.submit("hanging", delivery(Mono::empty))).expectNext(false).verifyComplete();
		StepVerifier.create(lanes.submit("healthy", delivery(Mono::empty))).expectNext(true).verifyComplete();
		assertThat(lanes.load("hanging")).isEqualTo(5);
	}

	@Test
	void pastItsBacklogALaneParksWorkAnsweringAtOnceRunsItInOrderOfArrivalAndRefusesOnlyPastTheOverflow() {
		SubscriberLanes lanes = lanes(1, 1, 2);
		List<Integer> ran = new CopyOnWriteArrayList<>();
		List<Sinks.Empty<Void>> running = new CopyOnWriteArrayList<>();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int n = i;
			ids.add(delivery(() -> {
				ran.add(n);
				Sinks.Empty<Void> done = Sinks.empty();
				running.add(done);
				return done.asMono();
			}));
		}
		lanes.submit("slow", ids.get(0)).subscribe(); // runs
		AtomicReference<Boolean> held = new AtomicReference<>();
		lanes.submit("slow", ids.get(1)).subscribe(held::set); // waits, and its caller with it
		assertThat(held.get()).isNull();
		StepVerifier.create(lanes.submit("slow", ids.get(2))).expectNext(true).verifyComplete(); // parked
		StepVerifier.create(lanes.submit("slow", ids.get(3))).expectNext(true).verifyComplete(); // parked
		StepVerifier.create(lanes.submit("slow", ids.get(4))).expectNext(false).verifyComplete(); // refused
		assertThat(lanes.load("slow")).isEqualTo(4);
		assertThat(ran).containsExactly(0);

		for (int i = 0; i < 4; i++) {
			running.get(i).tryEmitEmpty();
		}
		assertThat(ran).containsExactly(0, 1, 2, 3);
		assertThat(held.get()).isTrue();
	}

	@Test
	void aFailedDeliveryFreesItsPlace() {
		SubscriberLanes lanes = lanes(1, 0, 0);
		StepVerifier.create(lanes.submit("a", delivery(() -> Mono.error(new IllegalStateException("boom")))))
			.expectNext(true)
			.verifyComplete();
		StepVerifier.create(lanes.submit("a", delivery(Mono::empty))).expectNext(true).verifyComplete();
		assertThat(lanes.load("a")).isZero();
	}

	@Test
	void aHigherConcurrencyLearntLaterStartsMoreAtOnce() {
		AtomicInteger limit = new AtomicInteger(1);
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> limit.get(), deliver, pending, 10, 0);
		Sinks.Empty<Void> first = Sinks.empty();
		AtomicInteger started = new AtomicInteger();
		lanes.submit("a", delivery(() -> {
			started.incrementAndGet();
			return first.asMono();
		})).subscribe();
		limit.set(3);
		for (int i = 0; i < 2; i++) {
			lanes.submit("a", delivery(() -> {
				started.incrementAndGet();
				return Mono.never();
			})).subscribe();
		}
		assertThat(started.get()).isEqualTo(3);
	}

	@Test
	void aLaneIsDroppedOnceItsWorkIsDone() {
		SubscriberLanes lanes = lanes(2, 10, 0);
		Flux.range(0, 200).flatMap(i -> lanes.submit("job/" + i, delivery(Mono::empty))).blockLast(Duration.ofSeconds(10));
		Sinks.Empty<Void> open = Sinks.empty();
		lanes.submit("job/open", delivery(open::asMono)).subscribe();
		assertThat(lanes.lanes()).isEqualTo(1);
		open.tryEmitEmpty();
		assertThat(lanes.lanes()).isZero();
	}

	@Test
	void aDeliveryAlreadyInTheLaneIsTakenWithoutRunningTwice() {
		SubscriberLanes lanes = lanes(1, 5, 0);
		AtomicInteger runs = new AtomicInteger();
		Sinks.Empty<Void> finish = Sinks.empty();
		UUID id = delivery(() -> {
			runs.incrementAndGet();
			return finish.asMono();
		});
		lanes.submit("a", id).subscribe();
		StepVerifier.create(lanes.submit("a", id)).expectNext(true).verifyComplete();
		assertThat(lanes.load("a")).isOne();
		finish.tryEmitEmpty();
		assertThat(runs.get()).isOne();
	}

	@Test
	void aSpilledLaneReadsItsLeftBehindWorkBackOldestFirstAndRefusesNewTasksUntilItCaughtUp() {
		// one running, one waiting, two parked: four places; a read needs half of them free
		SubscriberLanes lanes = lanes(1, 1, 2);
		List<UUID> ran = new CopyOnWriteArrayList<>();
		Map<UUID, Sinks.Empty<Void>> finish = new ConcurrentHashMap<>();
		Function<Integer, UUID> controlled = n -> {
			UUID id = new UUID(0, n + 1);
			work.put(id, () -> {
				ran.add(id);
				return finish.computeIfAbsent(id, key -> Sinks.empty()).asMono();
			});
			return id;
		};
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			UUID id = controlled.apply(i);
			ids.add(id);
			pending.leave("a", id); // every delivery is pending in the database until it ends
			lanes.submit("a", id).subscribe();
		}
		assertThat(lanes.spilled("a")).isTrue();
		assertThat(lanes.load("a")).isEqualTo(4);

		// one ended: a place is free, yet a new task is refused, to be read back after those left before it
		UUID first = ran.get(0);
		pending.end(first);
		finish.computeIfAbsent(first, key -> Sinks.empty()).tryEmitEmpty();
		assertThat(lanes.load("a")).isEqualTo(3);
		UUID extra = controlled.apply(12);
		ids.add(extra);
		pending.leave("a", extra);
		StepVerifier.create(lanes.submit("a", extra)).expectNext(false).verifyComplete();

		// the others end one at a time, and each ended one is no longer pending
		for (int i = 0; i < 40 && ran.size() > pending.ended(); i++) {
			UUID next = ran.get(pending.ended());
			pending.end(next);
			finish.computeIfAbsent(next, key -> Sinks.empty()).tryEmitEmpty();
		}
		assertThat(ran).containsExactlyElementsOf(ids);
		assertThat(lanes.spilled("a")).isFalse();
		assertThat(lanes.lanes()).isZero();
		StepVerifier.create(lanes.submit("a", delivery(Mono::empty))).expectNext(true).verifyComplete();
	}

	@Test
	void aDeliveryLeftAfterTheLaneSpilledIsReadBackAfterTheOthers() {
		SubscriberLanes lanes = lanes(1, 0, 3);
		AtomicBoolean open = new AtomicBoolean();
		Sinks.Empty<Void> gate = Sinks.empty();
		List<UUID> ran = new CopyOnWriteArrayList<>();
		Function<Integer, UUID> gated = n -> {
			UUID id = new UUID(0, n + 1);
			work.put(id, () -> {
				ran.add(id);
				pending.end(id);
				return open.get() ? Mono.empty() : gate.asMono();
			});
			return id;
		};
		for (int i = 0; i < 5; i++) {
			UUID id = gated.apply(i);
			pending.leave("a", id);
			lanes.submit("a", id).subscribe();
		}
		assertThat(lanes.spilled("a")).isTrue();
		open.set(true);
		UUID late = gated.apply(5);
		pending.leave("a", late);
		gate.tryEmitEmpty();

		await().atMost(Duration.ofSeconds(5)).until(() -> !lanes.spilled("a"));
		assertThat(ran).hasSize(6).endsWith(late);
	}

	@Test
	void aSpilledLaneWhoseReadFailsReadsAgainLater() {
		AtomicInteger failures = new AtomicInteger(1);
		PendingRows flaky = new PendingRows() {
			@Override
			public Flux<PendingDelivery> pending(String subscriber, PendingDelivery after, int limit) {
				return failures.getAndDecrement() > 0 ? Flux.error(new IllegalStateException("database down"))
						: super.pending(subscriber, after, limit);
			}
		};
		SubscriberLanes lanes = new SubscriberLanes(subscriber -> 1, deliver, flaky, 0, 1);
		Sinks.Empty<Void> gate = Sinks.empty();
		List<UUID> ran = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 4; i++) {
			UUID id = new UUID(0, i + 1);
			work.put(id, () -> {
				ran.add(id);
				flaky.end(id);
				return gate.asMono();
			});
			flaky.leave("a", id);
			lanes.submit("a", id).subscribe();
		}
		gate.tryEmitEmpty();

		await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 4 && !lanes.spilled("a"));
		assertThat(failures.get()).isNegative();
	}

	@Test
	void aLaneToldItHasWorkLeftBehindReadsItAllBackInOrderThenTakesTasksAgain() {
		SubscriberLanes lanes = lanes(1, 2, 4);
		List<UUID> ran = new CopyOnWriteArrayList<>();
		List<UUID> left = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			UUID id = new UUID(0, i + 1);
			left.add(id);
			pending.leave("a", id);
			work.put(id, () -> Mono.fromRunnable(() -> {
				ran.add(id);
				pending.end(id);
			}));
		}

		lanes.readBack("a");

		assertThat(ran).containsExactlyElementsOf(left);
		assertThat(lanes.spilled("a")).isFalse();
		assertThat(lanes.lanes()).isZero();
		StepVerifier.create(lanes.submit("a", delivery(Mono::empty))).expectNext(true).verifyComplete();
	}

	/** Pending rows in order of being left, as {@code DeliveryStore#pending} reads them. */
	private static class PendingRows implements SubscriberLanes.LeftBehind {

		private final List<Row> rows = new CopyOnWriteArrayList<>();

		private final AtomicInteger ended = new AtomicInteger();

		private final AtomicInteger clock = new AtomicInteger();

		private record Row(String subscriber, PendingDelivery delivery) {
		}

		void leave(String subscriber, UUID id) {
			rows.add(new Row(subscriber, new PendingDelivery(id, Instant.EPOCH.plusMillis(clock.incrementAndGet()))));
		}

		void end(UUID id) {
			if (rows.removeIf(row -> row.delivery().id().equals(id))) {
				ended.incrementAndGet();
			}
		}

		int ended() {
			return ended.get();
		}

		@Override
		public Flux<PendingDelivery> pending(String subscriber, PendingDelivery after, int limit) {
			Comparator<PendingDelivery> order = Comparator.comparing(PendingDelivery::since)
				.thenComparing(PendingDelivery::id);
			return Flux.fromStream(rows.stream()
				.filter(row -> row.subscriber().equals(subscriber))
				.map(Row::delivery)
				.filter(row -> order.compare(row, after) > 0)
				.sorted(order)
				.limit(limit)
				.toList()
				.stream());
		}

	}

}
