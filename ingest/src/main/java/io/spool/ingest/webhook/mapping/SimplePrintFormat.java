package io.spool.ingest.webhook.mapping;

import java.time.Instant;
import java.util.Map;

import io.spool.common.event.EventTypes;
import io.spool.ingest.webhook.WebhookRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SimplePrint's webhooks (seeds 000, 001): {@code {webhook_id, event, timestamp, data:{job:{id, name,
 * started}, printer:{id, name}}}}. The printer id is read from {@code data.printer.id}, the job id from
 * {@code data.job.id}.
 * <p>
 * The subject is the printer when the payload names one, else the job: a printer serializes its own jobs, so
 * keying by printer keeps a printer's job and state events in order on one partition.
 * <p>
 * SimplePrint's {@code webhook_id} identifies the webhook registration, not the event, so it is not used as
 * the event id: without a configured id the event id is the SHA-256 of the raw body.
 */
public final class SimplePrintFormat implements PayloadFormat {

	/** The sender's events and their canonical types (seed 000's 14 and seed 001's 3 more). */
	static final Map<String, String> TYPES = Map.ofEntries(Map.entry("job.started", EventTypes.JOB_STARTED),
			Map.entry("job.finished", EventTypes.JOB_COMPLETED), Map.entry("job.completed", EventTypes.JOB_COMPLETED),
			Map.entry("job.failed", EventTypes.JOB_FAILED), Map.entry("job.paused", EventTypes.JOB_PAUSED),
			Map.entry("job.resumed", EventTypes.JOB_RESUMED), Map.entry("job.cancelled", EventTypes.JOB_CANCELLED),
			Map.entry("job.progress", EventTypes.JOB_PROGRESS), Map.entry("queue.changed", EventTypes.QUEUE_CHANGED),
			Map.entry("queue.item_added", EventTypes.QUEUE_CHANGED),
			Map.entry("queue.item_deleted", EventTypes.QUEUE_CHANGED),
			Map.entry("queue.item_moved", EventTypes.QUEUE_CHANGED),
			Map.entry("printer.online", EventTypes.PRINTER_ONLINE),
			Map.entry("printer.offline", EventTypes.PRINTER_OFFLINE),
			Map.entry("printer.state_changed", EventTypes.PRINTER_STATE_CHANGED),
			Map.entry("file.created", EventTypes.FILE_CREATED), Map.entry("file.deleted", EventTypes.FILE_DELETED));

	@Override
	public Normalized normalize(ObjectNode payload, WebhookRequest request) {
		String event = JsonFields.text(payload, "/event");
		if (event == null) {
			throw new UnusablePayloadException("SimplePrint payload has no 'event'");
		}
		String type = TYPES.getOrDefault(event, EventTypes.UNKNOWN);
		JsonNode data = payload.path("data");
		JsonNode printer = data.path("printer");
		JsonNode job = data.path("job");

		String printerId = firstText(printer.path("id"), printer.path("printer_id"), data.path("printer_id"));
		String jobId = firstText(job.path("id"), data.path("job_id"));

		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		JsonFields.putIfPresent(fields, "printerId", printerId);
		JsonFields.putIfPresent(fields, "printerName", JsonFields.text(printer.path("name")));
		JsonFields.putIfPresent(fields, "printerState", firstText(printer.path("state"), data.path("state")));
		JsonFields.putIfPresent(fields, "jobId", jobId);
		JsonFields.putIfPresent(fields, "jobName", firstText(job.path("name"), job.path("filename")));
		JsonFields.putIfPresent(fields, "progress", firstNumber(job.path("progress"), data.path("progress")));
		Instant started = JsonFields.time(job, "/started");
		if (started != null) {
			fields.put("jobStartedAt", started.toString());
		}

		String subject = printerId != null ? "printer/" + printerId : jobId != null ? "job/" + jobId : null;
		return new Normalized(type, event, subject, JsonFields.time(payload, "/timestamp"), fields);
	}

	private static String firstText(JsonNode... candidates) {
		for (JsonNode candidate : candidates) {
			String text = JsonFields.text(candidate);
			if (text != null) {
				return text;
			}
		}
		return null;
	}

	private static JsonNode firstNumber(JsonNode... candidates) {
		for (JsonNode candidate : candidates) {
			if (candidate.isNumber()) {
				return candidate;
			}
		}
		return null;
	}

}
