package io.spool.dispatcher.apply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.EventTypes;
import io.spool.common.json.JsonCodec;
import io.spool.common.json.JsonFormatException;
import tools.jackson.databind.JsonNode;

/**
 * Decides what a record means for printer, job, queue and product state. Pure: the same record always gives
 * the same plan, so that applying it again, late or in another order cannot change the outcome.
 * <p>
 * Printers: a job that starts, progresses or resumes makes its printer {@code printing} that job; paused makes
 * it {@code paused}; completion, failure or cancellation frees it ({@code idle}, no current job); online makes
 * it {@code idle}, offline {@code offline}. Jobs follow the same events, and the print service's status
 * machine. Queues keep the latest content reported; products their latest fields.
 */
public final class EventInterpreter {

	/** Values of a printer's {@code state}. */
	public static final String IDLE = "idle";

	public static final String PRINTING = "printing";

	public static final String PAUSED = "paused";

	public static final String OFFLINE = "offline";

	/** Source name of records that are not CloudEvents, in the event log. */
	public static final String UNDECODABLE_SOURCE = "_undecodable";

	private final JsonCodec codec;

	public EventInterpreter(JsonCodec codec) {
		this.codec = codec;
	}

	public EventPlan plan(InboundRecord record) {
		CloudEvent event;
		try {
			event = codec.read(record.value(), CloudEvent.class);
		}
		catch (JsonFormatException | IllegalArgumentException | NullPointerException ex) {
			return new EventPlan(record, null, null, List.of(), "not a CloudEvent: " + ex.getMessage());
		}
		if (event == null || event.id() == null) {
			return new EventPlan(record, null, null, List.of(), "not a CloudEvent");
		}
		JsonNode data = event.data() == null ? codec.object() : event.data();
		Instant time = event.time() != null ? event.time() : event.receivedat() != null ? event.receivedat()
				: Instant.EPOCH;
		try {
			Interpretation interpretation = interpret(event, data, time);
			return new EventPlan(record, event, OrderKey.of(time, interpretation.rank(), event.id()),
					interpretation.changes(), null);
		}
		catch (UnapplicableEventException ex) {
			return new EventPlan(record, event, OrderKey.of(time, 0, event.id()), List.of(), ex.getMessage());
		}
	}

	/** The event log id of a record that is not a CloudEvent: stable for the same record. */
	public static UUID undecodableId(InboundRecord record) {
		return UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
			.getBytes(StandardCharsets.UTF_8));
	}

	private record Interpretation(int rank, List<EntityChange> changes) {
	}

	private static Interpretation interpret(CloudEvent event, JsonNode data, Instant time) {
		String source = event.sourceName();
		String printerId = text(data, "printerId");
		String jobId = text(data, "jobId");
		return switch (event.type()) {
			case EventTypes.JOB_STARTED -> job(source, data, time, printerId, jobId, JobStatus.PRINTING, PRINTING);
			case EventTypes.JOB_PROGRESS -> job(source, data, time, printerId, jobId, JobStatus.PRINTING, PRINTING);
			case EventTypes.JOB_RESUMED -> job(source, data, time, printerId, jobId, JobStatus.PRINTING, PRINTING);
			case EventTypes.JOB_PAUSED -> job(source, data, time, printerId, jobId, JobStatus.PAUSED, PAUSED);
			case EventTypes.JOB_COMPLETED -> job(source, data, time, printerId, jobId, JobStatus.COMPLETE, IDLE);
			case EventTypes.JOB_FAILED -> job(source, data, time, printerId, jobId, JobStatus.FAILED, IDLE);
			case EventTypes.JOB_CANCELLED -> job(source, data, time, printerId, jobId, JobStatus.CANCELLED, IDLE);
			case EventTypes.JOB_STATUS_CHANGED -> statusChanged(source, data, time, jobId);
			case EventTypes.PRINTER_ONLINE ->
				single(1, printer(source, data, time, printerId).put("online", true).put("state", IDLE));
			case EventTypes.PRINTER_OFFLINE ->
				single(8, printer(source, data, time, printerId).put("online", false).put("state", OFFLINE));
			case EventTypes.PRINTER_STATE_CHANGED ->
				single(2, printer(source, data, time, printerId).putIfPresent("state", text(data, "printerState")));
			case EventTypes.QUEUE_CHANGED -> queue(source, data, time, printerId, event.sourcetype());
			case EventTypes.PRODUCT_CREATED, EventTypes.PRODUCT_UPDATED ->
				single(EventTypes.PRODUCT_CREATED.equals(event.type()) ? 1 : 2,
						product(source, data).put("deleted", false)
							.putIfPresent("title", text(data, "title"))
							.putIfPresent("imageKey", text(data, "imageKey"))
							.putIfPresent("data", productData(data)));
			case EventTypes.PRODUCT_IMAGE_UPDATED ->
				single(2, product(source, data).putIfPresent("imageKey", text(data, "imageKey")));
			case EventTypes.PRODUCT_DELETED -> single(9, product(source, data).put("deleted", true));
			default -> new Interpretation(0, List.of()); // unknown, file.* and generic types: logged, kept
		};
	}

	private static Interpretation single(int rank, EntityChange.Builder change) {
		return new Interpretation(rank, List.of(change.build()));
	}

	private static Interpretation job(String source, JsonNode data, Instant time, String printerId, String jobId,
			JobStatus status, String printerState) {
		if (jobId == null) {
			throw new UnapplicableEventException("a job event without data.jobId");
		}
		List<EntityChange> changes = new ArrayList<>();
		EntityChange.Builder job = EntityChange.of(EntityKind.JOB, jobId)
			.put("source", source)
			.put("status", status.value())
			.putIfPresent("name", text(data, "jobName"))
			.putIfPresent("printerId", printerId);
		Integer progress = progress(data);
		if (status == JobStatus.COMPLETE) {
			progress = 100;
		}
		job.putIfPresent("progress", progress);
		if (status.isTerminal()) {
			job.put("finishedAt", time);
			job.putIfPresent("errorMessage", text(data, "errorMessage"));
		}
		else {
			job.put("finishedAt", null);
		}
		if (status == JobStatus.PRINTING) {
			Instant started = instant(data, "jobStartedAt");
			job.earliest("startedAt", started != null ? started : time);
		}
		changes.add(job.build());
		if (printerId != null) {
			EntityChange.Builder printer = EntityChange.of(EntityKind.PRINTER, printerId)
				.put("source", source)
				.put("state", printerState)
				.put("online", true)
				.put("currentJobId", status.isTerminal() ? null : jobId)
				.putIfPresent("name", text(data, "printerName"))
				.latest("lastSeenAt", time);
			changes.add(printer.build());
		}
		return new Interpretation(status.rank(), changes);
	}

	private static Interpretation statusChanged(String source, JsonNode data, Instant time, String jobId) {
		if (jobId == null) {
			throw new UnapplicableEventException("a job status change without data.jobId");
		}
		String given = text(data, "status");
		JobStatus status = JobStatus.parse(given)
			.orElseThrow(() -> new UnapplicableEventException("unknown job status '" + given + "'"));
		EntityChange.Builder job = EntityChange.of(EntityKind.JOB, jobId)
			.put("source", source)
			.put("status", status.value())
			.putIfPresent("name", text(data, "filename"));
		if (status.isTerminal()) {
			job.put("finishedAt", time);
			if (status == JobStatus.COMPLETE) {
				job.put("progress", 100);
			}
		}
		else {
			job.put("finishedAt", null);
		}
		if (status == JobStatus.FAILED) {
			job.putIfPresent("errorMessage", text(data, "errorMessage"));
		}
		if (status == JobStatus.PRINTING) {
			job.earliest("startedAt", time);
		}
		return new Interpretation(status.rank(), List.of(job.build()));
	}

	private static EntityChange.Builder printer(String source, JsonNode data, Instant time, String printerId) {
		if (printerId == null) {
			throw new UnapplicableEventException("a printer event without data.printerId");
		}
		return EntityChange.of(EntityKind.PRINTER, printerId)
			.put("source", source)
			.putIfPresent("name", text(data, "printerName"))
			.latest("lastSeenAt", time);
	}

	private static Interpretation queue(String source, JsonNode data, Instant time, String printerId,
			String sourceType) {
		JsonNode reported = data.path("payload").path("data");
		EntityChange.Builder queue = EntityChange.of(EntityKind.QUEUE, printerId != null ? printerId : source)
			.put("source", source)
			.put("items", reported.isMissingNode() ? null : reported)
			.putIfPresent("lastChangeType", sourceType);
		List<EntityChange> changes = new ArrayList<>();
		changes.add(queue.build());
		if (printerId != null) {
			changes.add(EntityChange.of(EntityKind.PRINTER, printerId).put("source", source).latest("lastSeenAt", time)
				.build());
		}
		return new Interpretation(1, changes);
	}

	private static EntityChange.Builder product(String source, JsonNode data) {
		String productId = text(data, "productId");
		if (productId == null) {
			throw new UnapplicableEventException("a product event without data.productId");
		}
		return EntityChange.of(EntityKind.PRODUCT, productId).put("source", source);
	}

	private static JsonNode productData(JsonNode data) {
		JsonNode reported = data.path("payload").path("data");
		return reported.isMissingNode() ? null : reported;
	}

	private static String text(JsonNode data, String field) {
		JsonNode value = data.path(field);
		if (!(value.isString() || value.isNumber())) {
			return null;
		}
		String text = value.asString();
		return text.isBlank() ? null : text;
	}

	private static Integer progress(JsonNode data) {
		JsonNode value = data.path("progress");
		if (!value.isNumber()) {
			return null;
		}
		return (int) Math.max(0, Math.min(100, Math.round(value.asDouble())));
	}

	private static Instant instant(JsonNode data, String field) {
		String text = text(data, field);
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

}
