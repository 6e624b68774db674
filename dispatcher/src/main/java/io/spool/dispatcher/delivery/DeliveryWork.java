package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.UUID;

import io.spool.dispatcher.subscription.DeliveryFormat;

/**
 * A claimed delivery with what sending it needs, read when it is sent: the subscription's current URL,
 * secret and limits (they may have changed since the event), or the job's webhook.
 *
 * @param id the delivery id ({@code webhook-id})
 * @param subscriptionId the subscription, or {@code null}
 * @param jobId the job, for a job's own webhook
 * @param url the target now
 * @param secret the secret now, or {@code null}
 * @param format the body's format
 * @param body the body
 * @param enabled whether the subscription still wants deliveries (always true for a job's webhook)
 * @param concurrency the subscription's concurrency, or {@code null}
 * @param rateLimit the subscription's rate limit, or {@code null}
 * @param retries delayed retries made so far
 * @param eventType the event's type
 * @param eventReceivedAt when the ingest received the event
 * @param traceparent the event's W3C trace context, or {@code null}
 * @param eventId the event's id
 */
public record DeliveryWork(UUID id, UUID subscriptionId, String jobId, String url, String secret,
		DeliveryFormat format, String body, boolean enabled, Integer concurrency, Double rateLimit, int retries,
		String eventType, Instant eventReceivedAt, String traceparent, UUID eventId) {

	/** The key that groups deliveries to one subscriber: its lane, dead letters and logs. */
	public String target() {
		return subscriptionId != null ? subscriptionId.toString() : "job/" + jobId;
	}

	/**
	 * The key of a target's Bulkhead, RateLimiter and CircuitBreaker: the subscription, or for job webhooks the
	 * origin they go to. Every job has its own webhook, but the jobs of one print farm call back the same host:
	 * one circuit per host both trips for all of them when it fails and keeps the number of breakers (and of their
	 * metrics) bounded by hosts instead of growing with every job.
	 */
	public String resilienceKey() {
		if (subscriptionId != null) {
			return subscriptionId.toString();
		}
		try {
			java.net.URI uri = java.net.URI.create(url);
			return "jobs@" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
		}
		catch (RuntimeException ex) {
			return "jobs@unparsable";
		}
	}

	@Override
	public String toString() {
		return "DeliveryWork[id=" + id + ", target=" + target() + ", url=" + url + "]";
	}

}
