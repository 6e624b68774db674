package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One lane per subscriber: its deliveries run at most its concurrency at once, the rest wait in its lane, in
 * order of arrival. Up to {@code backlog} of them keep their caller waiting until they finish; the next
 * {@code overflow} are <em>parked</em>: the caller is told at once that the work is taken (so it can acknowledge
 * its task and take the next one), and the work runs in its turn. Past that the lane refuses more: a slow or
 * silent subscriber fills only its own lane and holds at most {@code backlog} of the callers' places, so the
 * others go on at full speed.
 * <p>
 * A lane that refused work is <em>spilled</em>: its deliveries are pending in the database, and from then on it
 * refuses every task it is given and reads its work back from there instead ({@link LeftBehind}), oldest first, a
 * page at a time as it has room — so a subscriber whose backlog outgrew its lane is served at its own speed, in
 * order, without its tasks going round Kafka again. When a page comes back short the lane reads once more from
 * the oldest pending delivery (a transaction that committed late may have left one behind where it had read
 * already); when that comes back short too, it has caught up and takes tasks again. What a dispatcher that stops
 * leaves parked or unread is still pending: the poller hands some of it back after {@code pending-timeout}, and
 * the lane that gets such a task is told to read the rest back itself ({@link #readBack}).
 * <p>
 * A delivery is in a lane at most once: a task for one already there (the lane read it back before its task
 * arrived) is taken without running it twice. The concurrency is read from {@code concurrency} each time a lane
 * starts work, so a subscription's own limit applies as soon as it is known. A lane exists only while it holds or
 * owes work: job webhooks give every job its own subscriber key, so idle lanes are dropped rather than kept forever.
 */
public final class SubscriberLanes {

	private static final Logger log = LoggerFactory.getLogger(SubscriberLanes.class);

	/** The most deliveries a lane reads back at once. */
	static final int PAGE = 512;

	/** After a failed read, how long a spilled lane waits before reading again. */
	private static final Duration RETRY_READ = Duration.ofSeconds(1);

	/** What {@link Lane#offer} did with an entry. */
	private static final int REFUSED = 0;

	private static final int HELD = 1;

	private static final int PARKED = 2;

	private static final int ALREADY_THERE = 3;

	/** Where a spilled lane reads its work back from: {@link DeliveryStore#pending}. */
	@FunctionalInterface
	public interface LeftBehind {

		Flux<PendingDelivery> pending(String subscriber, PendingDelivery after, int limit);

	}

	private final ToIntFunction<String> concurrency;

	private final Function<UUID, Mono<Void>> deliver;

	private final LeftBehind leftBehind;

	private final int backlog;

	private final int overflow;

	private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

	public SubscriberLanes(ToIntFunction<String> concurrency, Function<UUID, Mono<Void>> deliver,
			LeftBehind leftBehind, int backlog, int overflow) {
		this.concurrency = concurrency;
		this.deliver = deliver;
		this.leftBehind = leftBehind;
		this.backlog = backlog;
		this.overflow = overflow;
	}

	/**
	 * Delivers {@code delivery} in {@code subscriber}'s lane.
	 * @return {@code true} once the delivery finished (whatever its outcome), or at once when it was parked to run
	 * later or is in the lane already; {@code false} at once when the lane is full or spilled and the delivery is
	 * left pending for the lane to read back
	 */
	public Mono<Boolean> submit(String subscriber, UUID delivery) {
		return Mono.defer(() -> {
			Waiting entry = new Waiting(delivery, Sinks.one());
			int[] admitted = new int[1];
			// adding to a lane and dropping an idle one both run under the map's lock for that key
			Lane lane = lanes.compute(subscriber, (key, current) -> {
				Lane target = current != null ? current : new Lane(key);
				admitted[0] = target.offer(entry);
				return target.idle() ? null : target;
			});
			if (admitted[0] == REFUSED) {
				return Mono.just(false);
			}
			lane.drain();
			return admitted[0] == HELD ? entry.done().asMono() : Mono.just(true);
		});
	}

	/**
	 * Tells {@code subscriber}'s lane that deliveries of its are pending in the database with no task on its way
	 * (the poller found one): the lane reads them back as if it had spilled, and refuses tasks until it caught up.
	 */
	public void readBack(String subscriber) {
		Lane lane = lanes.compute(subscriber, (key, current) -> {
			Lane target = current != null ? current : new Lane(key);
			target.spill();
			return target;
		});
		lane.readBack();
	}

	/** Subscribers with a lane, that is with deliveries running, waiting or left behind. */
	int lanes() {
		return lanes.size();
	}

	/** Deliveries running or waiting in a subscriber's lane. */
	public int load(String subscriber) {
		Lane lane = lanes.get(subscriber);
		return lane == null ? 0 : lane.load();
	}

	/** Whether a subscriber's lane refuses tasks and reads its work back from the database. */
	boolean spilled(String subscriber) {
		Lane lane = lanes.get(subscriber);
		return lane != null && lane.isSpilled();
	}

	private void dropIfIdle(String subscriber) {
		lanes.computeIfPresent(subscriber, (key, lane) -> lane.idle() ? null : lane);
	}

	private record Waiting(UUID delivery, Sinks.One<Boolean> done) {
	}

	/** One read of a lane's left-behind work: after {@code from}, at most {@code limit} rows, {@code room} new. */
	private record Read(PendingDelivery from, int room, int limit) {
	}

	private final class Lane {

		private final String subscriber;

		private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

		/** The deliveries waiting or running. */
		private final Set<UUID> held = new HashSet<>();

		private int running;

		private boolean spilled;

		private boolean reading;

		/** How far the lane has read its left-behind work. */
		private PendingDelivery readTo = PendingDelivery.START;

		Lane(String subscriber) {
			this.subscriber = subscriber;
		}

		/** Deliveries that may run at once. */
		private int limit() {
			return Math.max(1, concurrency.applyAsInt(subscriber));
		}

		/** One queue in order of arrival; how far back an entry lands decides whether its caller waits. */
		synchronized int offer(Waiting entry) {
			if (held.contains(entry.delivery())) {
				return ALREADY_THERE;
			}
			if (spilled) {
				return REFUSED;
			}
			int limit = limit();
			int load = load();
			if (load >= limit + backlog + overflow) {
				spill();
				return REFUSED;
			}
			waiting.add(entry);
			held.add(entry.delivery());
			return load < limit + backlog ? HELD : PARKED;
		}

		synchronized void spill() {
			if (!spilled) {
				spilled = true;
				readTo = PendingDelivery.START;
			}
		}

		synchronized int load() {
			return running + waiting.size();
		}

		synchronized boolean isSpilled() {
			return spilled;
		}

		synchronized boolean idle() {
			return load() == 0 && !spilled && !reading;
		}

		private void drain() {
			List<Waiting> start = new ArrayList<>();
			synchronized (this) {
				int limit = limit();
				while (running < limit && !waiting.isEmpty()) {
					running++;
					start.add(waiting.poll());
				}
			}
			for (Waiting entry : start) {
				Mono.defer(() -> deliver.apply(entry.delivery())).onErrorResume(ex -> Mono.empty()).doFinally(signal -> {
					synchronized (this) {
						running--;
						held.remove(entry.delivery());
					}
					entry.done().tryEmitValue(true);
					drain();
					readBack();
					dropIfIdle(subscriber);
				}).subscribe();
			}
		}

		/** A spilled lane with a page of room reads the next page of its work back. */
		private void readBack() {
			Read read = nextRead();
			if (read == null) {
				return;
			}
			leftBehind.pending(subscriber, read.from(), read.limit()).collectList().subscribe(page -> {
				take(read, page);
				drain();
				readBack();
				dropIfIdle(subscriber);
			}, ex -> {
				log.warn("could not read {}'s pending deliveries back ({}); trying again in {}", subscriber,
						ex.toString(), RETRY_READ);
				synchronized (this) {
					reading = false;
				}
				Mono.delay(RETRY_READ).subscribe(tick -> {
					readBack();
					dropIfIdle(subscriber);
				});
			});
		}

		/** The read to make now, if the lane is spilled, not reading already, and has a page of room. */
		private synchronized Read nextRead() {
			if (!spilled || reading) {
				return null;
			}
			int capacity = limit() + backlog + overflow;
			int room = capacity - load();
			if (room < Math.min(PAGE, Math.max(1, capacity / 2))) {
				return null;
			}
			reading = true;
			room = Math.min(room, PAGE);
			// read from the start, the page comes after what the lane holds already
			return new Read(readTo, room, readTo == PendingDelivery.START ? room + load() : room);
		}

		/**
		 * Adds what the lane does not hold yet, up to the read's room; a page that came back short and was taken
		 * whole means the lane read everything after {@code from}: from the start, it has caught up.
		 */
		private synchronized void take(Read read, List<PendingDelivery> page) {
			reading = false;
			int added = 0;
			int taken = 0;
			for (PendingDelivery row : page) {
				if (added == read.room()) {
					break;
				}
				taken++;
				readTo = row;
				if (held.add(row.id())) {
					waiting.add(new Waiting(row.id(), Sinks.one()));
					added++;
				}
			}
			if (taken == page.size() && page.size() < read.limit()) {
				if (read.from() == PendingDelivery.START) {
					spilled = false;
				}
				else {
					readTo = PendingDelivery.START;
				}
			}
		}

	}

}
