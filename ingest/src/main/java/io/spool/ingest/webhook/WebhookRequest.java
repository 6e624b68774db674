package io.spool.ingest.webhook;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * Everything about one inbound webhook except its body, which is read only once the source is known to exist
 * and the request is of a size and media type it accepts.
 *
 * @param sourceName the {@code {source}} path segment
 * @param headers the request headers (case-insensitive)
 * @param query the query parameters (a {@code token} source may take its token there)
 * @param receivedAt when the request arrived
 */
public record WebhookRequest(String sourceName, HttpHeaders headers, MultiValueMap<String, String> query,
		Instant receivedAt) {

	/** The first value of a header, or {@code null}. */
	public String header(String name) {
		return headers.getFirst(name);
	}

}
