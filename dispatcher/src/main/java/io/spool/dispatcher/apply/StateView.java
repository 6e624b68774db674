package io.spool.dispatcher.apply;

import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public JSON of an entity, the same on {@code spool.state.v1}, in the read API and on the SSE stream:
 * {@code kind}, {@code id}, its fields in camelCase, {@code version} (distinct events applied; a consumer
 * keeps the highest) and {@code updatedAt}. Secrets never appear.
 */
public final class StateView {

	/** Fields kept out of every view. */
	private static final Set<String> HIDDEN = Set.of("webhookSecret");

	private StateView() {
	}

	public static ObjectNode of(Entity entity) {
		ObjectNode json = JsonNodeFactory.instance.objectNode();
		json.put("kind", entity.ref().kind().key());
		json.put("id", entity.ref().id());
		new TreeMap<>(entity.fields()).forEach((field, value) -> {
			if (HIDDEN.contains(field)) {
				return;
			}
			if (value == null) {
				json.putNull(field);
			}
			else if (value instanceof JsonNode node) {
				json.set(field, node);
			}
			else if (value instanceof Boolean b) {
				json.put(field, b);
			}
			else if (value instanceof Integer i) {
				json.put(field, i);
			}
			else if (value instanceof Long l) {
				json.put(field, l);
			}
			else {
				json.put(field, value.toString());
			}
		});
		json.put("version", entity.version());
		if (entity.updatedAt() != null) {
			json.put("updatedAt", entity.updatedAt().toString());
		}
		return json;
	}


}
