package io.spool.dispatcher.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.spool.dispatcher.subscription.DeliveryFormat;

/**
 * A delivery decided by the fan-out, to be recorded in the same transaction as the event it delivers.
 *
 * @param id the delivery id, also its {@code webhook-id}: a name-based UUID of the event and the target, so
 * that deciding it again gives the same id
 * @param subscriptionId the subscription, or {@code null} for a job's own webhook
 * @param jobId the job whose own webhook it is, or {@code null}
 * @param targetUrl where it goes
 * @param format the body's format
 * @param body the exact body to send
 */
public record NewDelivery(UUID id, UUID subscriptionId, String jobId, String targetUrl, DeliveryFormat format,
		String body) {

	public static UUID idFor(String eventId, String target) {
		return UUID.nameUUIDFromBytes(("delivery\n" + eventId + "\n" + target).getBytes(StandardCharsets.UTF_8));
	}

	/** The key of its task on {@code spool.deliveries.v1}: the subscription, or the job for a job's webhook. */
	public String routingKey() {
		return subscriptionId != null ? subscriptionId.toString() : "job/" + jobId;
	}

}
