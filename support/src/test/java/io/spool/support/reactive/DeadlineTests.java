package io.spool.support.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTests {

	private final ManualTimer timer = new ManualTimer();

	@Test
	void passesAValueThatArrivesInTime() {
		Sinks.One<String> answer = Sinks.one();

		StepVerifier.create(new Deadline(Duration.ofSeconds(5), timer).bound(answer.asMono()))
			.expectSubscription()
			.then(() -> timer.advance(Duration.ofSeconds(4)))
			.then(() -> answer.tryEmitValue("late but in time"))
			.expectNext("late but in time")
			.expectComplete()
			.verify(Duration.ofSeconds(10));

		assertThat(timer.live()).as("the clock is stopped once the value is in").isEmpty();
	}

	@Test
	void failsWithATimeoutWhenNothingArrivesWithinTheLimit() {
		StepVerifier.create(new Deadline(Duration.ofSeconds(5), timer).bound(Mono.never()))
			.expectSubscription()
			.then(() -> timer.advance(Duration.ofMillis(4999)))
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> timer.advance(Duration.ofMillis(1)))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(TimeoutException.class).hasMessage("no signal within 5000 ms"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eachSubscriptionHasItsOwnClock() {
		Deadline deadline = new Deadline(Duration.ofSeconds(5), timer);
		Disposable first = deadline.bound(Mono.never()).subscribe(v -> { }, ex -> { });
		timer.advance(Duration.ofSeconds(4));
		Sinks.One<String> answer = Sinks.one();

		// subscribed 4 s after the first: its answer 3 s later is in time, though 7 s after the first started
		StepVerifier.create(deadline.bound(answer.asMono()))
			.expectSubscription()
			.then(() -> timer.advance(Duration.ofSeconds(3)))
			.then(() -> answer.tryEmitValue("second"))
			.expectNext("second")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		first.dispose();
	}

	@Test
	void stopsItsClockWhenTheSubscriberCancels() {
		Disposable subscription = new Deadline(Duration.ofSeconds(5), timer).bound(Mono.never()).subscribe();
		assertThat(timer.live()).hasSize(1);

		subscription.dispose();

		assertThat(timer.live()).isEmpty();
	}

	@Test
	void asksTheBoundedChainForNoNameOnSubscribing() {
		// timeout(Duration) and timeout(Publisher) describe themselves on every subscription from the chain's name
		AtomicInteger nameLookups = new AtomicInteger();
		Mono<String> scanned = new NameCountingMono(Mono.just("value"), nameLookups);

		StepVerifier.create(new Deadline(Duration.ofSeconds(5), timer).bound(scanned)).expectNext("value").expectComplete()
			.verify(Duration.ofSeconds(10));

		assertThat(nameLookups).hasValue(0);
	}

	@Test
	void failsOnTheProcessWheelOnceTheLimitHasPassed() {
		long started = System.nanoTime();

		StepVerifier.create(new Deadline(Duration.ofMillis(50)).bound(Mono.never()))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(10));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
	}

	@Test
	void leavesNothingOnAWheelForAnswersThatCameInTime() throws InterruptedException {
		HashedWheelTimer wheel = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
		try {
			Deadline deadline = new Deadline(Duration.ofMinutes(1), wheel);
			for (int i = 0; i < 10_000; i++) {
				int value = i;
				// answered from another thread, after the clock has started (a value there at once never starts it)
				assertThat(deadline.bound(Mono.fromSupplier(() -> value).subscribeOn(Schedulers.single())).block())
					.isEqualTo(i);
			}
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (wheel.pendingTimeouts() > 0 && System.nanoTime() < until) {
				Thread.sleep(10);
			}
			assertThat(wheel.pendingTimeouts()).as("clocks of answered subscriptions swept from the wheel").isZero();
		}
		finally {
			wheel.stop();
		}
	}

	/** A timer that moves only when told to, in the test's thread. */
	private static final class ManualTimer implements Timer {

		private final List<ManualTimeout> timeouts = new ArrayList<>();

		private long now;

		@Override
		public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
			ManualTimeout timeout = new ManualTimeout(this, task, now + unit.toMillis(delay));
			timeouts.add(timeout);
			return timeout;
		}

		void advance(Duration by) {
			List<ManualTimeout> due = new ArrayList<>();
			synchronized (this) {
				now += by.toMillis();
				for (ManualTimeout timeout : List.copyOf(timeouts)) {
					if (timeout.at <= now) {
						timeouts.remove(timeout);
						due.add(timeout);
					}
				}
			}
			for (ManualTimeout timeout : due) {
				timeout.expire();
			}
		}

		synchronized List<ManualTimeout> live() {
			return List.copyOf(timeouts);
		}

		synchronized void remove(ManualTimeout timeout) {
			timeouts.remove(timeout);
		}

		@Override
		public Set<Timeout> stop() {
			return Set.of();
		}

	}

	private static final class ManualTimeout implements Timeout {

		private final ManualTimer timer;

		private final TimerTask task;

		private final long at;

		private volatile boolean expired;

		private volatile boolean cancelled;

		ManualTimeout(ManualTimer timer, TimerTask task, long at) {
			this.timer = timer;
			this.task = task;
			this.at = at;
		}

		void expire() {
			expired = true;
			try {
				task.run(this);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public Timer timer() {
			return timer;
		}

		@Override
		public TimerTask task() {
			return task;
		}

		@Override
		public boolean isExpired() {
			return expired;
		}

		@Override
		public boolean isCancelled() {
			return cancelled;
		}

		@Override
		public boolean cancel() {
			if (expired || cancelled) {
				return false;
			}
			cancelled = true;
			timer.remove(this);
			return true;
		}

	}

	/** A source that counts how often it is asked for its name. */
	private static final class NameCountingMono extends Mono<String> implements Scannable {

		private final Mono<String> source;

		private final AtomicInteger lookups;

		NameCountingMono(Mono<String> source, AtomicInteger lookups) {
			this.source = source;
			this.lookups = lookups;
		}

		@Override
		public void subscribe(CoreSubscriber<? super String> actual) {
			source.subscribe(actual);
		}

		@Override
		public Object scanUnsafe(Attr key) {
			if (key == Attr.NAME) {
				lookups.incrementAndGet();
			}
			return null;
		}

	}

}
