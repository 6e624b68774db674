package io.spool.dispatcher.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One lane per subscriber: its deliveries run at most its concurrency at once, the rest wait in its lane, in
 * order of arrival, up to {@code backlog}; past that the lane refuses more (the caller leaves them to the
 * poller). A subscriber that is slow or never answers fills only its own lane, so the others go on at full
 * speed; a subscriber that is merely busy makes its deliveries wait in memory rather than be handed back to the
 * database and fetched again.
 * <p>
 * The concurrency is read from {@code concurrency} each time a lane starts work, so a subscription's own limit
 * applies as soon as it is known.
 */
public final class SubscriberLanes {

	private final ToIntFunction<String> concurrency;

	private final int backlog;

	private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

	public SubscriberLanes(ToIntFunction<String> concurrency, int backlog) {
		this.concurrency = concurrency;
		this.backlog = backlog;
	}

	/**
	 * Runs {@code work} in {@code subscriber}'s lane.
	 * @return {@code true} once the work finished (whatever its outcome), {@code false} at once when the lane
	 * was full and the work was not taken
	 */
	public Mono<Boolean> submit(String subscriber, Supplier<Mono<Void>> work) {
		return Mono.defer(() -> lanes.computeIfAbsent(subscriber, Lane::new).submit(work));
	}

	/** Deliveries running or waiting in a subscriber's lane. */
	public int load(String subscriber) {
		Lane lane = lanes.get(subscriber);
		return lane == null ? 0 : lane.load();
	}

	private record Waiting(Supplier<Mono<Void>> work, Sinks.One<Boolean> done) {
	}

	private final class Lane {

		private final String subscriber;

		private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

		private int running;

		Lane(String subscriber) {
			this.subscriber = subscriber;
		}

		Mono<Boolean> submit(Supplier<Mono<Void>> work) {
			Waiting entry = new Waiting(work, Sinks.one());
			synchronized (this) {
				int limit = Math.max(1, concurrency.applyAsInt(subscriber));
				if (running + waiting.size() >= limit + backlog) {
					return Mono.just(false);
				}
				waiting.add(entry);
			}
			drain();
			return entry.done().asMono();
		}

		synchronized int load() {
			return running + waiting.size();
		}

		private void drain() {
			List<Waiting> start = new ArrayList<>();
			synchronized (this) {
				int limit = Math.max(1, concurrency.applyAsInt(subscriber));
				while (running < limit && !waiting.isEmpty()) {
					running++;
					start.add(waiting.poll());
				}
			}
			for (Waiting entry : start) {
				Mono.defer(entry.work()).onErrorResume(ex -> Mono.empty()).doFinally(signal -> {
					synchronized (this) {
						running--;
					}
					entry.done().tryEmitValue(true);
					drain();
				}).subscribe();
			}
		}

	}

}
