package io.spool.dispatcher.delivery;

import java.time.Clock;
import java.time.Duration;

import io.spool.support.reactive.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;


/**
 * Every {@code poll-interval}, hands the deliveries that are due back to the queue: delayed retries whose time
 * has come, deliveries attempted and never finished (the process making them died), and pending deliveries nobody
 * finished for {@code pending-timeout} (their task was never queued, or their process died before the first
 * attempt ended). This is what makes delayed retries survive restarts and a crash between recording a delivery and
 * sending it lose nothing.
 */
public final class DeliveryPoller extends BackgroundFlow {

	private static final Logger log = LoggerFactory.getLogger(DeliveryPoller.class);

	private final DeliveryStore store;

	private final DeliveryQueue queue;

	private final Duration interval;

	private final Duration stuckAfter;

	private final Duration pendingAfter;

	private final Clock clock;

	public DeliveryPoller(DeliveryStore store, DeliveryQueue queue, Duration interval, Duration stuckAfter,
			Duration pendingAfter, Clock clock) {
		this.store = store;
		this.queue = queue;
		this.interval = interval;
		this.stuckAfter = stuckAfter;
		this.pendingAfter = pendingAfter;
		this.clock = clock;
	}

	@Override
	protected Flux<?> flow() {
		return Flux.interval(interval, interval)
			.onBackpressureDrop()
			.concatMap(tick -> store.due(clock.instant(), stuckAfter, pendingAfter, 500)
				.collectList()
				.flatMap(tasks -> tasks.isEmpty() ? reactor.core.publisher.Mono.empty() : queue.enqueue(tasks))
				.onErrorResume(ex -> {
					log.warn("delivery poll failed: {}", ex.toString());
					return reactor.core.publisher.Mono.empty();
				}));
	}

}
