package io.spool.dispatcher.apply;

import java.util.List;

import io.spool.common.event.CloudEvent;

/**
 * What applying one record means, decided before any I/O: the event, its order key and the changes it makes,
 * or why it cannot be applied.
 *
 * @param record the record as read
 * @param event the decoded event, or {@code null} when the record is not a CloudEvent
 * @param order the event's order key, or {@code null} when there is no event
 * @param changes the entities it changes; empty for events that are only logged (unknown types, files)
 * @param error why it cannot be applied, or {@code null}
 */
public record EventPlan(InboundRecord record, CloudEvent event, OrderKey order, List<EntityChange> changes,
		String error) {

	public EventPlan {
		changes = List.copyOf(changes);
	}

	public boolean isApplicable() {
		return error == null;
	}

}
