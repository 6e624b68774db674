package io.spool.ingest.webhook.mapping;

import java.util.Locale;

import io.spool.common.event.EventTypes;
import io.spool.ingest.webhook.WebhookRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The print service's job status webhooks (seed 004): {@code {event:"job_status_update", job_id, status,
 * timestamp, job:{id, status, filename, error_message, …}}}. A {@code job_status_update} is {@code
 * job.status_changed} with the status in the data; the subject is {@code job/<job_id>}.
 */
public final class PrintServiceFormat implements PayloadFormat {

	static final String JOB_STATUS_UPDATE = "job_status_update";

	@Override
	public Normalized normalize(ObjectNode payload, WebhookRequest request) {
		String event = JsonFields.text(payload, "/event");
		if (event == null) {
			throw new UnusablePayloadException("print-service payload has no 'event'");
		}
		JsonNode job = payload.path("job");
		String jobId = JsonFields.text(payload, "/job_id");
		if (jobId == null) {
			jobId = JsonFields.text(job, "/id");
		}
		String status = JsonFields.text(payload, "/status");
		if (status == null) {
			status = JsonFields.text(job, "/status");
		}
		if (!JOB_STATUS_UPDATE.equals(event)) {
			ObjectNode fields = JsonNodeFactory.instance.objectNode();
			JsonFields.putIfPresent(fields, "jobId", jobId);
			return new Normalized(EventTypes.UNKNOWN, event, jobId == null ? null : "job/" + jobId,
					JsonFields.time(payload, "/timestamp"), fields);
		}
		if (jobId == null) {
			throw new UnusablePayloadException("job_status_update has no 'job_id'");
		}
		if (status == null) {
			throw new UnusablePayloadException("job_status_update has no 'status'");
		}
		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		fields.put("jobId", jobId);
		fields.put("status", status.toLowerCase(Locale.ROOT));
		JsonFields.putIfPresent(fields, "filename", JsonFields.text(job, "/filename"));
		JsonFields.putIfPresent(fields, "errorMessage", JsonFields.text(job, "/error_message"));
		return new Normalized(EventTypes.JOB_STATUS_CHANGED, event, "job/" + jobId,
				JsonFields.time(payload, "/timestamp"), fields);
	}

}
