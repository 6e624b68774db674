package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Dead-letter replay for SREs (CONTRACT §3): the dead deliveries matching the filters are made pending again
 * and queued, at most {@code ratePerSecond}, each keeping its id (its {@code webhook-id}), so a receiver that
 * saw an earlier attempt can tell. Only deliveries still dead are replayed: one that has been sent since (a
 * manual retry, an earlier replay) is not sent again. A dry run only counts. Every replay is recorded.
 */
public final class Replayer {

	/** @param matched dead letters that matched @param replayed of those queued again (0 on a dry run) */
	public record Result(int matched, int replayed, boolean dryRun) {
	}

	private final DeliveryStore store;

	private final DeliveryQueue queue;

	public Replayer(DeliveryStore store, DeliveryQueue queue) {
		this.store = store;
		this.queue = queue;
	}

	public Mono<Result> replay(ReplayRequest request, String requestedBy) {
		if (request.effectiveLimit() < 1 || request.effectiveLimit() > 100_000) {
			return Mono.error(new InvalidReplayException("limit must be between 1 and 100000"));
		}
		if (!(request.effectiveRate() > 0)) {
			return Mono.error(new InvalidReplayException("ratePerSecond must be positive"));
		}
		return store.dead(request, request.effectiveLimit()).collectList().flatMap(ids -> {
			if (request.isDryRun()) {
				return store.recordReplay(requestedBy, request, ids.size(), 0).thenReturn(new Result(ids.size(), 0, true));
			}
			Duration gap = Duration.ofNanos((long) (1e9 / request.effectiveRate()));
			return paced(ids, gap).concatMap(id -> store.requeue(id).flatMap(task -> queue.enqueue(List.of(task)).thenReturn(1)))
				.count()
				.flatMap(replayed -> store.recordReplay(requestedBy, request, ids.size(), replayed.intValue())
					.thenReturn(new Result(ids.size(), replayed.intValue(), false)));
		});
	}

	private static Flux<UUID> paced(List<UUID> ids, Duration gap) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return Flux.fromIterable(ids).delayElements(gap);
	}

}
