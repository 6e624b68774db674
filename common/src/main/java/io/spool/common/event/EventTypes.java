package io.spool.common.event;

import java.util.Set;

/**
 * The canonical event types of Spool (CONTRACT §1). They are wire codes: fixed strings that never change
 * meaning, never derived from class names. A {@code generic} source keeps the sender's own type string.
 */
public final class EventTypes {

	public static final String JOB_STARTED = "job.started";
	public static final String JOB_PROGRESS = "job.progress";
	public static final String JOB_PAUSED = "job.paused";
	public static final String JOB_RESUMED = "job.resumed";
	public static final String JOB_COMPLETED = "job.completed";
	public static final String JOB_FAILED = "job.failed";
	public static final String JOB_CANCELLED = "job.cancelled";
	public static final String JOB_STATUS_CHANGED = "job.status_changed";
	public static final String PRINTER_ONLINE = "printer.online";
	public static final String PRINTER_OFFLINE = "printer.offline";
	public static final String PRINTER_STATE_CHANGED = "printer.state_changed";
	public static final String QUEUE_CHANGED = "queue.changed";
	public static final String FILE_CREATED = "file.created";
	public static final String FILE_DELETED = "file.deleted";
	public static final String PRODUCT_CREATED = "product.created";
	public static final String PRODUCT_UPDATED = "product.updated";
	public static final String PRODUCT_DELETED = "product.deleted";
	public static final String PRODUCT_IMAGE_UPDATED = "product.image_updated";
	/** What a known format could not map: kept, never dropped; the sender's type is in {@code sourcetype}. */
	public static final String UNKNOWN = "unknown";

	public static final Set<String> CANONICAL = Set.of(JOB_STARTED, JOB_PROGRESS, JOB_PAUSED, JOB_RESUMED,
			JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED, JOB_STATUS_CHANGED, PRINTER_ONLINE, PRINTER_OFFLINE,
			PRINTER_STATE_CHANGED, QUEUE_CHANGED, FILE_CREATED, FILE_DELETED, PRODUCT_CREATED, PRODUCT_UPDATED,
			PRODUCT_DELETED, PRODUCT_IMAGE_UPDATED, UNKNOWN);

	private EventTypes() {
	}

}
