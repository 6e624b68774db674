package io.spool.dispatcher.apply;

import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The port to durable state. Implementations fail with {@link StoreUnavailableException} when trying again
 * later may succeed (the database is down, a deadlock) and with {@link StoreRejectedException} when the data
 * itself is refused; they never retry themselves.
 */
public interface StateStore {

	/**
	 * Logs every plan and applies the new, applicable ones to state, in order, in one transaction: either all
	 * of it is committed or none.
	 */
	Mono<BatchResult> apply(List<EventPlan> plans);

	/** Logs one plan as failed with {@code error}, unless it was logged before. */
	Mono<BatchResult> recordFailed(EventPlan plan, String error);

	/** The current state of these entities (those that exist). */
	Mono<List<Entity>> load(Collection<EntityRef> refs);

}
