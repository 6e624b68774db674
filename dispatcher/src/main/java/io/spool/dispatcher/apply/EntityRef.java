package io.spool.dispatcher.apply;

import java.util.Objects;

/**
 * One printer, job, queue or product.
 *
 * @param kind what it is
 * @param id its id, as the sender names it
 */
public record EntityRef(EntityKind kind, String id) implements Comparable<EntityRef> {

	public EntityRef {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(id, "id");
	}

	/** The key on {@code spool.state.v1}, e.g. {@code printer/printer_123}. */
	public String key() {
		return kind.key() + "/" + id;
	}

	/** Kind first, then id: the order in which rows are locked, so that two transactions never deadlock. */
	@Override
	public int compareTo(EntityRef other) {
		int byKind = kind.compareTo(other.kind);
		return byKind != 0 ? byKind : id.compareTo(other.id);
	}

}
