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
 * order of arrival. Up to {@code backlog} of them keep their caller waiting until they finish; the next
 * {@code overflow} are <em>parked</em>: the caller is told at once that the work is taken (so it can acknowledge
 * its task and take the next one), and the work runs in its turn. Past that the lane refuses more (the caller
 * leaves them to the poller). A subscriber that is slow or never answers fills only its own lane and holds at
 * most {@code backlog} of the callers' places, so the others go on at full speed; a subscriber that is merely
 * busy makes its deliveries wait in memory rather than be handed back to the database and fetched again a
 * minute later.
 * <p>
 * The concurrency is read from {@code concurrency} each time a lane starts work, so a subscription's own limit
 * applies as soon as it is known. A lane exists only while it holds work: job webhooks give every job its own
 * subscriber key, so idle lanes are dropped rather than kept forever.
 */
public final class SubscriberLanes {

	/** What {@link Lane#offer} did with an entry. */
	private static final int REFUSED = 0;

	private static final int HELD = 1;

	private static final int PARKED = 2;

	private final ToIntFunction<String> concurrency;

	private final int backlog;

	private final int overflow;

	private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

	public SubscriberLanes(ToIntFunction<String> concurrency, int backlog, int overflow) {
		this.concurrency = concurrency;
		this.backlog = backlog;
		this.overflow = overflow;
	}

	/**
	 * Runs {@code work} in {@code subscriber}'s lane.
	 * @return {@code true} once the work finished (whatever its outcome), or at once when it was parked to run
	 * later; {@code false} at once when the lane was full and the work was not taken
	 */
	public Mono<Boolean> submit(String subscriber, Supplier<Mono<Void>> work) {
		return Mono.defer(() -> {
			Waiting entry = new Waiting(work, Sinks.one());
			int[] admitted = new int[1];
			// adding to a lane and dropping an idle one both run under the map's lock for that key
			Lane lane = lanes.compute(subscriber, (key, current) -> {
				Lane target = current != null ? current : new Lane(key);
				admitted[0] = target.offer(entry);
				return target.load() == 0 ? null : target;
			});
			if (admitted[0] == REFUSED) {
				return Mono.just(false);
			}
			lane.drain();
			return admitted[0] == PARKED ? Mono.just(true) : entry.done().asMono();
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

		/** One queue in order of arrival; how far back an entry lands decides whether its caller waits. */
		synchronized int offer(Waiting entry) {
			int limit = Math.max(1, concurrency.applyAsInt(subscriber));
			int load = running + waiting.size();
			if (load >= limit + backlog + overflow) {
				return REFUSED;
			}
			waiting.add(entry);
			return load < limit + backlog ? HELD : PARKED;
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
