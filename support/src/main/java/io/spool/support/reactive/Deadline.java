package io.spool.support.reactive;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * A time limit shared by many subscriptions: a {@link Mono} that has not signalled within it fails with a
 * {@link TimeoutException}, as with {@code timeout(Duration)}.
 * <p>
 * Why not {@code timeout(Duration)} or {@code timeout(Publisher)}: both build a description per subscription
 * by walking the operator chain for a name ({@code Scannable.name()}, a regular expression on each class name).
 * On the ingest's hot path that was 6 % of its event loops' CPU (docs/benchmarks.md). With a fallback,
 * Reactor builds no description; the fallback here is the same error, created only when the limit passes.
 * <p>
 * Why not {@code Mono.delay} as the timer: it schedules each subscription's clock on a
 * {@code ScheduledThreadPoolExecutor}, whose queue takes a lock, sifts a heap and often wakes its thread on every
 * schedule and again on every cancel; with a deadline per webhook that was ≈ 4 % of the ingest's CPU. The clocks
 * here live on one hashed wheel for the whole process ({@link #TICK} granularity, one daemon thread): starting
 * one is a lock-free enqueue, cancelling one a flag and another. A limit passes up to one tick late.
 */
public final class Deadline {

	/** The wheel's resolution: a limit passes between its length and its length plus one tick. */
	static final Duration TICK = Duration.ofMillis(10);

	private final Mono<Long> timer;

	private final Mono<?> expired;

	public Deadline(Duration limit) {
		this(limit, Wheel.TIMER);
	}

	Deadline(Duration limit, Timer wheel) {
		this.timer = new WheelDelay(wheel, Math.max(1, limit.toMillis()));
		String message = "no signal within " + limit.toMillis() + " ms";
		this.expired = Mono.error(() -> new TimeoutException(message));
	}

	/** {@code source}, failing with a {@link TimeoutException} if it has not signalled within the limit. */
	@SuppressWarnings("unchecked")
	public <T> Mono<T> bound(Mono<T> source) {
		return source.timeout(timer, (Mono<T>) expired);
	}

	/** The process's wheel, started with the first clock. */
	private static final class Wheel {

		static final HashedWheelTimer TIMER = new HashedWheelTimer(daemonThreads(), TICK.toMillis(),
				TimeUnit.MILLISECONDS, 512);

		private static ThreadFactory daemonThreads() {
			return task -> {
				Thread thread = new Thread(task, "spool-deadline");
				thread.setDaemon(true);
				return thread;
			};
		}

	}

	/**
	 * Emits {@code 0} once the limit has passed since its subscription, as {@code Mono.delay} does, on Reactor's
	 * parallel scheduler.
	 */
	private static final class WheelDelay extends Mono<Long> {

		private final Timer wheel;

		private final long limitMillis;

		WheelDelay(Timer wheel, long limitMillis) {
			this.wheel = wheel;
			this.limitMillis = limitMillis;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Long> actual) {
			Clock clock = new Clock(actual);
			actual.onSubscribe(clock);
			clock.start(wheel, limitMillis);
		}

	}

	/** One subscription's clock: emits when it has both passed and been requested, unless cancelled first. */
	private static final class Clock implements Subscription, TimerTask {

		private static final int REQUESTED = 1;

		private static final int PASSED = 2;

		private static final int DONE = 4;

		private static final AtomicIntegerFieldUpdater<Clock> STATE = AtomicIntegerFieldUpdater
			.newUpdater(Clock.class, "state");

		private final CoreSubscriber<? super Long> actual;

		private volatile int state;

		private volatile Timeout timeout;

		Clock(CoreSubscriber<? super Long> actual) {
			this.actual = actual;
		}

		void start(Timer wheel, long limitMillis) {
			if ((state & DONE) != 0) {
				return; // cancelled while subscribing
			}
			Timeout started = wheel.newTimeout(this, limitMillis, TimeUnit.MILLISECONDS);
			this.timeout = started;
			if ((state & DONE) != 0) {
				started.cancel(); // cancelled while it was being started
			}
		}

		@Override
		public void run(Timeout passed) {
			// what follows a timeout (a fallback, a retry, an answer) runs off the wheel, which keeps time for all
			Schedulers.parallel().schedule(() -> signalIfDue(PASSED));
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				signalIfDue(REQUESTED);
			}
		}

		private void signalIfDue(int flag) {
			for (;;) {
				int current = state;
				if ((current & (DONE | flag)) != 0) {
					return;
				}
				int next = current | flag;
				boolean due = next == (REQUESTED | PASSED);
				if (STATE.compareAndSet(this, current, due ? next | DONE : next)) {
					if (due) {
						actual.onNext(0L);
						actual.onComplete();
					}
					return;
				}
			}
		}

		@Override
		public void cancel() {
			int previous = STATE.getAndUpdate(this, s -> s | DONE);
			if ((previous & DONE) == 0) {
				Timeout started = timeout;
				if (started != null) {
					started.cancel();
				}
			}
		}

	}

}
