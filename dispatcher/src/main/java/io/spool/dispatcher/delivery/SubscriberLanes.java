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
 * applies as soon as it is known. A lane exists only while it holds work: job webhooks give every job its own
 * subscriber key, so idle lanes are dropped rather than kept forever.
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
		return Mono.defer(() -> {
			Waiting entry = new Waiting(work, Sinks.one());
			boolean[] taken = new boolean[1];
			// adding to a lane and dropping an idle one both run under the map's lock for that key
			Lane lane = lanes.compute(subscriber, (key, current) -> {
				Lane target = current != null ? current : new Lane(key);
				taken[0] = target.offer(entry);
				return target.load() == 0 ? null : target;
			});
			if (!taken[0]) {
				return Mono.just(false);
			}
			lane.drain();
			return entry.done().asMono();
		});
	}

	/** Subscribers with a lane, that is with deliveries running or waiting. */
	int lanes() {
		return lanes.size();
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

		synchronized boolean offer(Waiting entry) {
			int limit = Math.max(1, concurrency.applyAsInt(subscriber));
			if (running + waiting.size() >= limit + backlog) {
				return false;
			}
			waiting.add(entry);
			return true;
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
					lanes.computeIfPresent(subscriber, (key, lane) -> lane.load() == 0 ? null : lane);
				}).subscribe();
			}
		}

	}

}
