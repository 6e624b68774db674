package io.spool.ingest.webhook;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

/** Builds {@link WebhookRequest}s for unit tests. */
public final class Requests {

	public static final Instant NOW = Instant.parse("2025-11-12T10:00:05Z");

	private Requests() {
	}

	public static WebhookRequest request(String source, String... headerNamesAndValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < headerNamesAndValues.length; i += 2) {
			headers.add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
		}
		return new WebhookRequest(source, headers, new LinkedMultiValueMap<>(), NOW);
	}

}
