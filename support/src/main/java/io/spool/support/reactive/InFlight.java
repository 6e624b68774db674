package io.spool.support.reactive;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a handler for every element of a source with at most {@code limit} handlers running at once, at a cost
 * per element that does not grow with {@code limit}.
 * <p>
 * This is what {@code flatMap(handler, limit)} does when the handlers' values are not wanted, but Reactor's
 * {@code flatMap} looks through all of its inner subscribers each time one of them completes: with thousands in
 * flight (delivery tasks waiting on slow subscribers) that scan was a fifth of the dispatcher's CPU
 * (docs/benchmarks.md). Here a finished handler only asks the source for one more element; the requests of
 * handlers finishing on many threads at once are made one after another, as Reactive Streams requires.
 * <p>
 * The returned {@code Mono} completes when the source has completed and every handler has finished, fails as
 * soon as the source fails, and its cancellation cancels the source and every running handler. A handler's error
 * is its own business: it is counted as finished and dropped (handlers are expected to record their failures).
 */
public final class InFlight {

	private InFlight() {
	}

	public static <T> Mono<Void> forEach(Flux<T> source, int limit, Function<? super T, ? extends Mono<?>> handler) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1: " + limit);
		}
		return Mono.create(sink -> {
			Runner<T> runner = new Runner<>(limit, handler, sink::success, sink::error);
			sink.onDispose(runner::dispose);
			source.subscribe(runner);
		});
	}

	private static final class Runner<T> extends BaseSubscriber<T> {

		private final int limit;

		private final Function<? super T, ? extends Mono<?>> handler;

		private final Runnable onDone;

		private final java.util.function.Consumer<Throwable> onError;

		private final Disposable.Composite running = Disposables.composite();

		/** Handlers started and not finished, plus one while the source has not completed. */
		private final AtomicInteger open = new AtomicInteger(1);

		/** Elements owed to the source by finished handlers and not requested yet. */
		private final AtomicLong owed = new AtomicLong();

		Runner(int limit, Function<? super T, ? extends Mono<?>> handler, Runnable onDone,
				java.util.function.Consumer<Throwable> onError) {
			this.limit = limit;
			this.handler = handler;
			this.onDone = onDone;
			this.onError = onError;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(limit);
		}

		@Override
		protected void hookOnNext(T value) {
			open.incrementAndGet();
			Mono<?> work;
			try {
				work = handler.apply(value);
			}
			catch (RuntimeException ex) {
				finished(null);
				return;
			}
			Disposable[] self = new Disposable[1];
			Disposable started = work.subscribe(null, ex -> finished(self[0]), () -> finished(self[0]));
			if (!started.isDisposed()) {
				self[0] = started;
				running.add(started);
				// the handler may have finished on another thread between subscribe and add
				if (started.isDisposed()) {
					running.remove(started);
				}
			}
		}

		private void finished(Disposable handle) {
			if (handle != null) {
				running.remove(handle);
			}
			if (open.decrementAndGet() == 0) {
				onDone.run();
				return;
			}
			if (owed.getAndIncrement() == 0) {
				long n = 1;
				do {
					upstream().request(n);
					n = owed.addAndGet(-n);
				}
				while (n != 0);
			}
		}

		@Override
		protected void hookOnComplete() {
			if (open.decrementAndGet() == 0) {
				onDone.run();
			}
		}

		@Override
		protected void hookOnError(Throwable throwable) {
			running.dispose();
			onError.accept(throwable);
		}

		@Override
		protected void hookOnCancel() {
			running.dispose();
		}

	}

}
