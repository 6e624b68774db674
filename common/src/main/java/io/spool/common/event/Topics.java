package io.spool.common.event;

/**
 * Default topic names and the record header that marks CloudEvents in structured mode (CONTRACT §2). The
 * names are defaults: services take the effective names from their configuration.
 */
public final class Topics {

	/** Normalized inbound events, keyed by subject. */
	public static final String EVENTS = "spool.events.v1";

	/** Latest state of a printer, job or product after an applied event, keyed by entity; compacted. */
	public static final String STATE = "spool.state.v1";

	/** One outbound delivery task, keyed by subscription id. */
	public static final String DELIVERIES = "spool.deliveries.v1";

	/** Dead deliveries: the task, the attempts made and the last error, keyed by subscription id. */
	public static final String DELIVERIES_DLT = "spool.deliveries.dlt.v1";

	/** Record header naming the value's media type. */
	public static final String CONTENT_TYPE_HEADER = "content-type";

	/** CloudEvents JSON structured mode. */
	public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

	private Topics() {
	}

}
