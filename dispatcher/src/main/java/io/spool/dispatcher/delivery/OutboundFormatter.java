package io.spool.dispatcher.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.spool.common.signing.HexSignature;
import io.spool.common.signing.StandardWebhooks;
import io.spool.common.trace.TraceParent;
import io.spool.dispatcher.subscription.DeliveryFormat;

/**
 * The headers of a delivery (CONTRACT §3). Pure.
 * <ul>
 * <li>{@code cloudevents}: {@code Content-Type: application/cloudevents+json} and Standard Webhooks headers:
 * {@code webhook-id} (the delivery id, the same on every attempt and replay: the receiver's idempotency key),
 * {@code webhook-timestamp}, and {@code webhook-signature} when there is a secret. A {@code whsec_} secret is
 * the base64 key of the spec; any other secret is used as the key's bytes.</li>
 * <li>{@code print-service}: {@code Content-Type: application/json}, {@code X-Print-Service-Event:
 * job-status-update} and, with a secret, {@code X-Print-Service-Signature: <hex HMAC-SHA256 of the body>};
 * {@code webhook-id} too, for idempotency.</li>
 * </ul>
 * Every request carries {@code User-Agent: Spool/<version>}, and the event's trace as a W3C {@code traceparent}.
 */
public final class OutboundFormatter {

	private final String userAgent;

	public OutboundFormatter(String version) {
		this.userAgent = "Spool/" + version;
	}

	public OutboundRequest format(URI target, String deliveryId, DeliveryFormat format, String body, String secret,
			Instant now) {
		return format(target, deliveryId, format, body, secret, now, null);
	}

	/** As above, continuing the event's W3C trace (a child span) in a {@code traceparent} header. */
	public OutboundRequest format(URI target, String deliveryId, DeliveryFormat format, String body, String secret,
			Instant now, String traceparent) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("User-Agent", userAgent);
		headers.put(StandardWebhooks.ID_HEADER, deliveryId);
		TraceParent.parse(traceparent).ifPresent(parent -> headers.put(TraceParent.HEADER, parent.child().toString()));
		if (format == DeliveryFormat.PRINT_SERVICE) {
			headers.put("Content-Type", "application/json");
			headers.put("X-Print-Service-Event", "job-status-update");
			if (secret != null) {
				headers.put("X-Print-Service-Signature", HexSignature.BARE.sign(secret, bytes));
			}
		}
		else {
			long timestamp = now.getEpochSecond();
			headers.put("Content-Type", "application/cloudevents+json");
			headers.put(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp));
			if (secret != null) {
				headers.put(StandardWebhooks.SIGNATURE_HEADER, signer(secret).sign(deliveryId, timestamp, bytes));
			}
		}
		return new OutboundRequest(target, headers, bytes);
	}

	static StandardWebhooks signer(String secret) {
		return secret.startsWith("whsec_") ? StandardWebhooks.fromSecret(secret)
				: StandardWebhooks.fromKey(secret.getBytes(StandardCharsets.UTF_8));
	}

}
