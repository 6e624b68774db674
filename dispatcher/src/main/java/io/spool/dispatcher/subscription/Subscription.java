package io.spool.dispatcher.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who wants which events, where. {@link #toString()} never shows the secret.
 *
 * @param id its id
 * @param url where deliveries go
 * @param eventTypes patterns: {@code *}, {@code job.*}, or a type
 * @param source only events of this source, or any when {@code null}
 * @param subject only events about this subject, or any when {@code null}
 * @param secret the signing secret, or {@code null} to send unsigned
 * @param format {@code cloudevents} or {@code print-service}
 * @param enabled whether deliveries are made
 * @param disabledReason why Spool disabled it (a {@code 410 Gone}), or {@code null}
 * @param rateLimit deliveries per second to this subscriber, or {@code null} for no limit
 * @param concurrency deliveries in flight to this subscriber at once, or {@code null} for the default
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Subscription(UUID id, String url, List<String> eventTypes, String source, String subject,
		String secret, DeliveryFormat format, boolean enabled, String disabledReason, Double rateLimit,
		Integer concurrency, Instant createdAt, Instant updatedAt) {

	public Subscription {
		eventTypes = List.copyOf(eventTypes);
	}

	/** Whether this subscription wants {@code type} from {@code eventSource} about {@code eventSubject}. */
	public boolean matches(String type, String eventSource, String eventSubject) {
		if (!enabled) {
			return false;
		}
		if (source != null && !source.equals(eventSource)) {
			return false;
		}
		if (subject != null && !subject.equals(eventSubject)) {
			return false;
		}
		return eventTypes.stream().anyMatch(pattern -> matches(pattern, type));
	}

	static boolean matches(String pattern, String type) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith(".*")) {
			return type.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(type);
	}

	@Override
	public String toString() {
		return "Subscription[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + ", format=" + format
				+ ", enabled=" + enabled + ", secret=" + (secret == null ? "none" : "<redacted>") + "]";
	}

}
