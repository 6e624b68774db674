package io.spool.dispatcher.query;

import java.util.Map;
import java.util.UUID;

import io.spool.dispatcher.apply.EntityKind;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** The port the read API reads through. */
public interface StateQueries {

	/**
	 * Entities of one kind in id order.
	 * @param filters field → value, only fields {@link #filterableFields} allows
	 * @param after the last id of the previous page, or {@code null}
	 */
	Mono<Page<ObjectNode>> entities(EntityKind kind, Map<String, String> filters, int limit, String after);

	/** One entity, or empty. */
	Mono<ObjectNode> entity(EntityKind kind, String id);

	/** Events, newest first. @param before the cursor of the previous page, or {@code null} */
	Mono<Page<ObjectNode>> events(EventFilter filter, int limit, Long before);

	/** One event with its payload, or empty. */
	Mono<ObjectNode> event(UUID id);

	/** The fields of a kind that listings can filter on. */
	java.util.Set<String> filterableFields(EntityKind kind);

}
