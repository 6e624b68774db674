package io.spool.dispatcher.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A subscription as the API returns it: everything but the secret, which is never returned. */
public record SubscriptionView(UUID id, String url, List<String> eventTypes, String source, String subject,
		String format, boolean enabled, String disabledReason, boolean hasSecret, Double rateLimit,
		Integer concurrency, Instant createdAt, Instant updatedAt) {

	public static SubscriptionView of(Subscription s) {
		return new SubscriptionView(s.id(), s.url(), s.eventTypes(), s.source(), s.subject(), s.format().value(),
				s.enabled(), s.disabledReason(), s.secret() != null, s.rateLimit(), s.concurrency(), s.createdAt(),
				s.updatedAt());
	}

}
