package io.spool.ingest;

/** The seed senders' payloads, as their documents show them (shared/seeds 000, 002, 004). */
public final class SeedPayloads {

	private SeedPayloads() {
	}

	/** Seed 000, test 4: a SimplePrint event with a job and a printer. */
	public static String simplePrint(String event, String jobId, String printerId) {
		return """
				{"webhook_id": 77777, "event": "%s", "timestamp": 1730132000,
				 "data": {"job": {"id": "%s", "name": "test.gcode", "started": 1730132000},
				          "printer": {"id": "%s", "name": "Test Printer #1"}}}""".formatted(event, jobId, printerId);
	}

	/** Seed 002: a marketplace product event. */
	public static String marketplace(String eventType, String eventId, String productId) {
		return """
				{"event_type":"%s","event_id":"%s","timestamp":"2025-11-12T10:00:00Z",\
				"data":{"product_id":"%s","title":"Test","image_key":"%s/test.jpg"}}"""
			.formatted(eventType, eventId, productId, productId);
	}

	/** Seed 004: a print-service job status update. */
	public static String printService(String jobId, String status) {
		return """
				{"event": "job_status_update", "job_id": "%s", "status": "%s",
				 "timestamp": "2025-01-15T10:30:00.000Z",
				 "job": {"id": "%s", "status": "%s", "filename": "model.stl", "storage_path": "uploads/model.stl",
				         "gcode_path": "/path/to/output.gcode", "error_message": null,
				         "created_at": "2025-01-15T10:25:00.000Z", "updated_at": "2025-01-15T10:30:00.000Z"}}"""
			.formatted(jobId, status, jobId, status);
	}

}
