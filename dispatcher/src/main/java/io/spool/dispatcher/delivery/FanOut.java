package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.Entity;
import io.spool.dispatcher.apply.EntityKind;
import io.spool.dispatcher.apply.EntityRef;
import io.spool.dispatcher.apply.StateView;
import io.spool.dispatcher.subscription.DeliveryFormat;
import io.spool.dispatcher.subscription.Subscription;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides the deliveries of one applied event: one per matching enabled subscription, and one to the job's own
 * webhook when the event changed a job that has one. Pure.
 * <p>
 * The {@code cloudevents} format sends the CloudEvent; the {@code print-service} format sends seed 004's
 * {@code job_status_update}, built from the job's state after the event, and so only exists for events that
 * change a job.
 */
public final class FanOut {

	/** A job's own webhook (seed 004). */
	public record JobWebhook(String jobId, String url) {
	}

	private final JsonCodec codec;

	public FanOut(JsonCodec codec) {
		this.codec = codec;
	}

	public List<NewDelivery> plan(CloudEvent event, List<EntityRef> touched, List<Subscription> subscriptions,
			Map<String, JobWebhook> jobWebhooks, Map<EntityRef, Entity> state) {
		List<NewDelivery> deliveries = new ArrayList<>();
		Entity job = touched.stream()
			.filter(ref -> ref.kind() == EntityKind.JOB)
			.map(state::get)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
		String cloudEvent = null;
		String jobStatus = null;
		for (Subscription subscription : subscriptions) {
			if (!subscription.matches(event.type(), event.sourceName(), event.subject())) {
				continue;
			}
			String body;
			if (subscription.format() == DeliveryFormat.PRINT_SERVICE) {
				if (job == null) {
					continue;
				}
				body = jobStatus = jobStatus != null ? jobStatus : jobStatusUpdate(event, job);
			}
			else {
				body = cloudEvent = cloudEvent != null ? cloudEvent : codec.writeString(event);
			}
			deliveries.add(new NewDelivery(NewDelivery.idFor(event.id(), subscription.id().toString()),
					subscription.id(), null, subscription.url(), subscription.format(), body));
		}
		if (job != null) {
			JobWebhook webhook = jobWebhooks.get(job.ref().id());
			if (webhook != null) {
				String body = jobStatus != null ? jobStatus : jobStatusUpdate(event, job);
				deliveries.add(new NewDelivery(NewDelivery.idFor(event.id(), "job/" + webhook.jobId()), null,
						webhook.jobId(), webhook.url(), DeliveryFormat.PRINT_SERVICE, body));
			}
		}
		return deliveries;
	}

	/** Seed 004's payload: {@code {"event":"job_status_update","job_id","status","timestamp","job":{…}}}. */
	String jobStatusUpdate(CloudEvent event, Entity job) {
		ObjectNode view = StateView.of(job);
		ObjectNode jobJson = codec.object();
		jobJson.put("id", job.ref().id());
		jobJson.set("status", view.path("status"));
		jobJson.set("filename", view.path("name"));
		jobJson.set("error_message", view.path("errorMessage"));
		jobJson.set("printer_id", view.path("printerId"));
		jobJson.set("progress", view.path("progress"));
		jobJson.set("started_at", view.path("startedAt"));
		jobJson.set("finished_at", view.path("finishedAt"));
		jobJson.set("updated_at", view.path("updatedAt"));
		ObjectNode body = codec.object();
		body.put("event", "job_status_update");
		body.put("job_id", job.ref().id());
		body.set("status", view.path("status"));
		Instant time = event.time() != null ? event.time() : event.receivedat();
		body.put("timestamp", time == null ? null : time.toString());
		body.set("job", jobJson);
		return codec.writeString(body);
	}

}
