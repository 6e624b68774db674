package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** The port to recorded deliveries and their attempts. */
public interface DeliveryStore {

	/**
	 * What sending a delivery needs, if it is due ({@code pending}, or {@code failed} and its retry time has come);
	 * empty if it is not (sent, dead, or {@code processing}: attempted and being retried). Writes nothing.
	 */
	Mono<DeliveryWork> claim(UUID id);

	/** Logs a failed attempt; the delivery is {@code processing} until its outcome is recorded. */
	Mono<Void> recordAttempt(UUID id, AttemptResult result, Instant at);

	/** Records the successful attempt and marks the delivery sent, in one write. */
	Mono<Void> markSent(UUID id, AttemptResult attempt, Instant at, long processingMillis);

	Mono<Void> markFailed(UUID id, Instant nextRetryAt);

	/** Marks it dead and returns its dead-letter record: the task, every attempt, the last error, provenance. */
	Mono<ObjectNode> markDead(UUID id);

	/** Gives a delivery back without an attempt (the subscriber's concurrency was full): due again in a second. */
	Mono<Void> release(UUID id);

	/**
	 * Deliveries to hand to the queue again: delayed retries whose time has come, {@code processing} ones untouched
	 * for {@code stuckAfter} (their process died between attempts), and pending ones untouched for
	 * {@code pendingAfter} (their task was never queued, or their process died before the first attempt ended or
	 * stopped with them parked or not yet read back into a lane).
	 * @return routing key and id of each, at most {@code limit} due retries and stuck deliveries and a fifth of
	 * that of pending ones
	 */
	Flux<DeliveryTask> due(Instant now, java.time.Duration stuckAfter, java.time.Duration pendingAfter, int limit);

	/**
	 * {@code target}'s pending deliveries (a routing key: a subscription's id, or {@code job/} and a job's id)
	 * after {@code after}, oldest first, at most {@code limit}: the work a full lane left behind, read back as the
	 * lane has room. Writes nothing.
	 */
	Flux<PendingDelivery> pending(String target, PendingDelivery after, int limit);

	/**
	 * Makes a failed or dead delivery pending again with a fresh retry schedule (manual retry, replay). Empty if
	 * it was neither.
	 */
	Mono<DeliveryTask> requeue(UUID id);

	/** Dead deliveries matching a replay's filters, oldest first. */
	Flux<UUID> dead(ReplayRequest filter, int limit);

	Mono<Void> recordReplay(String requestedBy, ReplayRequest request, int matched, int replayed);

	Mono<ObjectNode> view(UUID id);

	/** Deliveries, newest first, each with its attempts. */
	Mono<List<ObjectNode>> list(String status, UUID subscriptionId, int limit, Long beforeSeq);

}
