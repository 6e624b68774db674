package io.spool.dispatcher.apply;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of one entity: a last-writer-wins map of fields with the order key that last set each field,
 * plus a version that counts the distinct events applied to it. Immutable; {@link #merge} is pure,
 * commutative over distinct events and idempotent for the same event, so that late, repeated or shuffled
 * events always end in the same fields.
 *
 * @param ref which entity
 * @param fields field values (may hold {@code null}s)
 * @param clocks per field, the order key of the event that set it
 * @param version distinct events applied
 * @param updatedAt when it last changed, by the wall clock of the dispatcher
 */
public record Entity(EntityRef ref, Map<String, Object> fields, Map<String, String> clocks, long version,
		Instant updatedAt) {

	public Entity {
		fields = Collections.unmodifiableMap(new HashMap<>(fields));
		clocks = Map.copyOf(clocks);
	}

	public static Entity empty(EntityRef ref) {
		return new Entity(ref, Map.of(), Map.of(), 0, null);
	}

	public Object field(String name) {
		return fields.get(name);
	}

	/** This entity after one more distinct event, ordered by {@code order}, said {@code change}. */
	public Entity merge(EntityChange change, OrderKey order, Instant now) {
		if (!change.ref().equals(ref)) {
			throw new IllegalArgumentException(change.ref() + " is not " + ref);
		}
		Map<String, Object> newFields = new HashMap<>(fields);
		Map<String, String> newClocks = new HashMap<>(clocks);
		change.set().forEach((field, value) -> {
			if (order.isAfter(newClocks.get(field))) {
				newFields.put(field, value);
				newClocks.put(field, order.value());
			}
		});
		change.latest().forEach((field, time) -> {
			Instant current = (Instant) newFields.get(field);
			if (current == null || time.isAfter(current)) {
				newFields.put(field, time);
			}
		});
		change.earliest().forEach((field, time) -> {
			Instant current = (Instant) newFields.get(field);
			if (current == null || time.isBefore(current)) {
				newFields.put(field, time);
			}
		});
		return new Entity(ref, newFields, newClocks, version + 1, now);
	}

}
