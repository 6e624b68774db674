package io.spool.dispatcher.apply;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What one event says about one entity: fields it sets (last writer wins, by the event's order key), times
 * that only ever move forward ({@code latest}, e.g. last seen) and times that only ever move back
 * ({@code earliest}, e.g. started at). All three merge the same whatever the order of events.
 *
 * @param ref the entity
 * @param set field values, {@code null} values included (a printer's current job becomes none)
 * @param latest fields that keep the latest time
 * @param earliest fields that keep the earliest time
 */
public record EntityChange(EntityRef ref, Map<String, Object> set, Map<String, Instant> latest,
		Map<String, Instant> earliest) {

	public EntityChange {
		set = Collections.unmodifiableMap(new HashMap<>(set));
		latest = Map.copyOf(latest);
		earliest = Map.copyOf(earliest);
	}

	public static Builder of(EntityKind kind, String id) {
		return new Builder(new EntityRef(kind, id));
	}

	/** Collects a change; {@code put} ignores nothing, {@code putIfPresent} skips nulls. */
	public static final class Builder {

		private final EntityRef ref;

		private final Map<String, Object> set = new HashMap<>();

		private final Map<String, Instant> latest = new HashMap<>();

		private final Map<String, Instant> earliest = new HashMap<>();

		private Builder(EntityRef ref) {
			this.ref = ref;
		}

		public Builder put(String field, Object value) {
			set.put(field, value);
			return this;
		}

		public Builder putIfPresent(String field, Object value) {
			if (value != null) {
				set.put(field, value);
			}
			return this;
		}

		public Builder latest(String field, Instant time) {
			if (time != null) {
				latest.put(field, time);
			}
			return this;
		}

		public Builder earliest(String field, Instant time) {
			if (time != null) {
				earliest.put(field, time);
			}
			return this;
		}

		public EntityChange build() {
			return new EntityChange(ref, set, latest, earliest);
		}

	}

}
