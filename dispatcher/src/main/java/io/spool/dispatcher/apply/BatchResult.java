package io.spool.dispatcher.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.spool.dispatcher.delivery.DeliveryTask;

/**
 * What one transaction did.
 *
 * @param outcomes per plan, in order
 * @param changed the entities changed, each in its final state of the transaction
 * @param duplicateRefs entities named by duplicate events: their current state is published again, so that a
 * crash between the database commit and the state publish never leaves {@code spool.state.v1} behind
 * @param deliveries deliveries recorded in the transaction, to queue once it committed
 */
public record BatchResult(List<Outcome> outcomes, List<Entity> changed, List<EntityRef> duplicateRefs,
		List<DeliveryTask> deliveries) {

	/**
	 * @param plan the plan
	 * @param outcome what became of it
	 */
	public record Outcome(EventPlan plan, ApplyOutcome outcome) {
	}

	public BatchResult {
		outcomes = List.copyOf(outcomes);
		changed = List.copyOf(changed);
		duplicateRefs = List.copyOf(duplicateRefs);
		deliveries = List.copyOf(deliveries);
	}

	public BatchResult(List<Outcome> outcomes, List<Entity> changed, List<EntityRef> duplicateRefs) {
		this(outcomes, changed, duplicateRefs, List.of());
	}

	public static BatchResult empty() {
		return new BatchResult(List.of(), List.of(), List.of());
	}

	public static BatchResult failed(EventPlan plan) {
		return new BatchResult(List.of(new Outcome(plan, ApplyOutcome.FAILED)), List.of(), List.of());
	}

	public BatchResult withDeliveries(List<DeliveryTask> tasks) {
		return new BatchResult(outcomes, changed, duplicateRefs, tasks);
	}

	/** This result followed by a later one: outcomes appended, the later state of an entity wins. */
	public BatchResult plus(BatchResult later) {
		List<Outcome> allOutcomes = new ArrayList<>(outcomes);
		allOutcomes.addAll(later.outcomes);
		Map<EntityRef, Entity> byRef = new LinkedHashMap<>();
		changed.forEach(e -> byRef.put(e.ref(), e));
		later.changed.forEach(e -> byRef.put(e.ref(), e));
		List<EntityRef> refs = new ArrayList<>(duplicateRefs);
		refs.addAll(later.duplicateRefs);
		List<DeliveryTask> tasks = new ArrayList<>(deliveries);
		tasks.addAll(later.deliveries);
		return new BatchResult(allOutcomes, List.copyOf(byRef.values()), refs, tasks);
	}

}
