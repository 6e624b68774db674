package io.spool.dispatcher.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.InboundRecord;
import tools.jackson.databind.node.ObjectNode;

/** CloudEvents as the ingest writes them, for tests. */
public final class Events {

	private static final JsonCodec codec = JsonCodec.standard();

	private static long offsets;

	private Events() {
	}

	/** A SimplePrint event about a job on a printer, at {@code epochSecond}. */
	public static CloudEvent simplePrint(String type, String printerId, String jobId, long epochSecond) {
		ObjectNode data = codec.object();
		if (printerId != null) {
			data.put("printerId", printerId);
			data.put("printerName", "Printer " + printerId);
		}
		if (jobId != null) {
			data.put("jobId", jobId);
			data.put("jobName", jobId + ".gcode");
		}
		data.set("payload", codec.object().put("event", type));
		String sourceEventId = type + "/" + printerId + "/" + jobId + "/" + epochSecond;
		return event("simpleprint", type, printerId != null ? "printer/" + printerId : "job/" + jobId, epochSecond,
				sourceEventId, data);
	}

	public static CloudEvent progress(String printerId, String jobId, long epochSecond, int progress) {
		CloudEvent base = simplePrint("job.progress", printerId, jobId, epochSecond);
		((ObjectNode) base.data()).put("progress", progress);
		return withSourceEventId(base, base.sourceeventid() + "/" + progress);
	}

	/** A print-service status update. */
	public static CloudEvent printService(String jobId, String status, long epochSecond) {
		ObjectNode data = codec.object().put("jobId", jobId).put("status", status).put("filename", "model.stl");
		return event("print-service", "job.status_changed", "job/" + jobId, epochSecond,
				"status/" + jobId + "/" + status + "/" + epochSecond, data);
	}

	public static CloudEvent product(String type, String productId, String title, long epochSecond) {
		ObjectNode data = codec.object().put("productId", productId);
		if (title != null) {
			data.put("title", title);
		}
		return event("marketplace", type, "product/" + productId, epochSecond,
				"product/" + productId + "/" + type + "/" + epochSecond, data);
	}

	public static CloudEvent event(String source, String type, String subject, long epochSecond,
			String sourceEventId, ObjectNode data) {
		String id = UUID.nameUUIDFromBytes((source + "\n" + sourceEventId).getBytes(StandardCharsets.UTF_8))
			.toString();
		Instant time = Instant.ofEpochSecond(epochSecond);
		return new CloudEvent(CloudEvent.SPEC_VERSION, id, CloudEvent.SOURCE_PREFIX + source, type, subject, time,
				CloudEvent.JSON, data, sourceEventId, type, time.plusMillis(5));
	}

	private static CloudEvent withSourceEventId(CloudEvent e, String sourceEventId) {
		return event(e.sourceName(), e.type(), e.subject(), e.time().getEpochSecond(), sourceEventId,
				(ObjectNode) e.data());
	}

	public static byte[] json(CloudEvent event) {
		return codec.write(event);
	}

	/** As a record read from partition 0 of the events topic. */
	public static synchronized InboundRecord record(CloudEvent event) {
		return new InboundRecord("spool.events.v1", 0, offsets++, event.subject(), json(event));
	}

}
