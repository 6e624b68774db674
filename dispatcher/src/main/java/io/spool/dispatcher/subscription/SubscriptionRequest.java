package io.spool.dispatcher.subscription;

import java.util.List;

/**
 * A subscription as the API takes it (CONTRACT §3): {@code {"url", "eventTypes", "source", "subject",
 * "secret", "format", "enabled", "rateLimit", "concurrency"}}.
 */
public record SubscriptionRequest(String url, List<String> eventTypes, String source, String subject, String secret,
		String format, Boolean enabled, Double rateLimit, Integer concurrency) {

	@Override
	public String toString() {
		return "SubscriptionRequest[url=" + url + ", eventTypes=" + eventTypes + ", secret="
				+ (secret == null ? "none" : "<redacted>") + "]";
	}

}
