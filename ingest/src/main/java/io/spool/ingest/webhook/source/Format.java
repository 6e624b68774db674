package io.spool.ingest.webhook.source;

/** Which payload adapter finds a webhook's type, subject and id (CONTRACT §1 {@code format}). */
public enum Format {

	/** SimplePrint print-farm events (seeds 000, 001). */
	SIMPLEPRINT,
	/** The marketplace's product events (seed 002). */
	MARKETPLACE,
	/** The print service's {@code job_status_update} (seed 004). */
	PRINT_SERVICE,
	/** Any sender: type, subject and id found by configured headers or JSON pointers. */
	GENERIC

}
