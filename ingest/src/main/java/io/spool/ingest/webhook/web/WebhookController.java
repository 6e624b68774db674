package io.spool.ingest.webhook.web;

import io.spool.ingest.webhook.Accepted;
import io.spool.ingest.webhook.IngestService;
import io.spool.ingest.webhook.WebhookRequest;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * {@code POST /api/v1/webhooks/{source}} (CONTRACT §1). Thin: it hands the request and its raw body, read
 * with a hard byte limit, to {@link IngestService}; errors are rendered in one place, the problem handler.
 */
@RestController
public class WebhookController {

	private final IngestService ingest;

	private final Clock clock;

	public WebhookController(IngestService ingest, Clock clock) {
		this.ingest = ingest;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/webhooks/{source}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Mono<Accepted> receive(@PathVariable String source, ServerHttpRequest request) {
		WebhookRequest webhook = new WebhookRequest(source, request.getHeaders(), request.getQueryParams(),
				clock.instant());
		return ingest.ingest(webhook, rawBody(request));
	}

	/** The exact bytes received, refusing to buffer more than the limit. */
	private Mono<byte[]> rawBody(ServerHttpRequest request) {
		int limit = (int) Math.min(Integer.MAX_VALUE, ingest.maxBodyBytes());
		return DataBufferUtils.join(request.getBody(), limit).map(WebhookController::drain)
			.onErrorMap(DataBufferLimitException.class, ex -> ingest.bodyTooLarge());
	}

	private static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
