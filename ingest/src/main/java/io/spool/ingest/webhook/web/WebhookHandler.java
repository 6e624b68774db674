package io.spool.ingest.webhook.web;

import java.time.Clock;

import io.spool.common.json.JsonCodec;
import io.netty.handler.timeout.ReadTimeoutException;
import io.spool.ingest.webhook.IngestService;
import io.spool.ingest.webhook.Rejection;
import io.spool.ingest.webhook.WebhookRejectedException;
import io.spool.ingest.webhook.WebhookRequest;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /api/v1/webhooks/{source}} (CONTRACT §1). Thin: it hands the request and its raw body, read
 * with a hard byte limit, to {@link IngestService} and answers {@code 202} with the accepted event; errors
 * are rendered in one place, the problem handler.
 * <p>
 * A functional endpoint rather than an annotated controller: this is the one hot path of the service, and
 * the profile showed the annotated path's argument resolution and its per-request JSON encoder set-up as a
 * fifth of the CPU per request (docs/benchmarks.md). The answer is serialized here, once, to bytes.
 */
public final class WebhookHandler {

	private final IngestService ingest;

	private final JsonCodec codec;

	private final Clock clock;

	public WebhookHandler(IngestService ingest, JsonCodec codec, Clock clock) {
		this.ingest = ingest;
		this.codec = codec;
		this.clock = clock;
	}

	public Mono<ServerResponse> receive(ServerRequest request) {
		ServerHttpRequest http = request.exchange().getRequest();
		WebhookRequest webhook = new WebhookRequest(request.pathVariable("source"), http.getHeaders(),
				http.getQueryParams(), clock.instant());
		return ingest.ingest(webhook, rawBody(http))
			.flatMap(accepted -> ServerResponse.accepted()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(codec.write(accepted)));
	}

	/** The exact bytes received, refusing to buffer more than the limit. */
	private Mono<byte[]> rawBody(ServerHttpRequest request) {
		int limit = (int) Math.min(Integer.MAX_VALUE, ingest.maxBodyBytes());
		return DataBufferUtils.join(request.getBody(), limit).map(WebhookHandler::drain)
			.onErrorMap(DataBufferLimitException.class, ex -> ingest.bodyTooLarge())
			// the sender stopped sending mid-body (SlowRequestGuard's read timeout)
			.onErrorMap(ex -> ex instanceof ReadTimeoutException || ex.getCause() instanceof ReadTimeoutException,
					ex -> new WebhookRejectedException(Rejection.INCOMPLETE, "the body did not arrive in time"));
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
