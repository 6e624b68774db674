package io.spool.dispatcher.apply;

/** What became of one record. */
public enum ApplyOutcome {

	/** Logged and applied to state. */
	APPLIED,
	/** Logged; it changes no state (an unknown type, a file event): kept, never dropped. */
	KEPT,
	/** Seen before under the same (source, source event id): nothing changed. */
	DUPLICATE,
	/** Logged with its error and skipped: its data makes no sense, or the database refused it. */
	FAILED;

	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
