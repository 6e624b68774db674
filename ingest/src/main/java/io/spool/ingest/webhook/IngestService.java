package io.spool.ingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.common.json.JsonFormatException;
import io.spool.common.signing.SignatureException;
import io.spool.ingest.webhook.mapping.EventFactory;
import io.spool.ingest.webhook.mapping.Normalized;
import io.spool.ingest.webhook.mapping.UnusablePayloadException;
import io.spool.ingest.webhook.source.Source;
import io.spool.ingest.webhook.source.SourceRegistry;
import io.spool.support.reactive.Deadline;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Takes one webhook from request to stored event, in the order that spends the least on bad requests: the
 * source must exist, the media type be JSON and the declared length fit before the body is read; the
 * signature is checked on the exact bytes before anything is parsed; only authenticated requests count
 * against the rate limit, so an unauthenticated flood cannot starve the real sender. Every failure leaves as
 * a {@link WebhookRejectedException}.
 */
public final class IngestService {

	private final SourceRegistry sources;

	private final EventPublisher publisher;

	private final JsonCodec codec;

	private final IngestMetrics metrics;

	private final Clock clock;

	private final long maxBodyBytes;

	private final Deadline publishDeadline;

	private final Duration retryAfter;

	public IngestService(SourceRegistry sources, EventPublisher publisher, JsonCodec codec, IngestMetrics metrics,
			Clock clock, long maxBodyBytes, Duration publishTimeout, Duration retryAfter) {
		this.sources = sources;
		this.publisher = publisher;
		this.codec = codec;
		this.metrics = metrics;
		this.clock = clock;
		this.maxBodyBytes = maxBodyBytes;
		this.publishDeadline = new Deadline(publishTimeout);
		this.retryAfter = retryAfter;
	}

	/** The largest body read; the web adapter stops reading past it. */
	public long maxBodyBytes() {
		return maxBodyBytes;
	}

	/**
	 * @param request the request line and headers
	 * @param body the raw body, read only once the request has passed the cheap checks; it fails with a
	 * {@link WebhookRejectedException} of {@link Rejection#TOO_LARGE} past {@link #maxBodyBytes()}
	 * @param answerOn where the work after Kafka's answer runs (the metrics, the answer itself): the request's
	 * own event loop, so that the answer is written where its connection lives rather than on the producer's one
	 * network thread or a third thread that must hand the write back to the event loop
	 */
	public Mono<Accepted> ingest(WebhookRequest request, Mono<byte[]> body, Scheduler answerOn) {
		long started = System.nanoTime();
		String[] type = new String[1];
		return Mono.defer(() -> {
			Source source = admitHeaders(request);
			return body.defaultIfEmpty(new byte[0]).map(bytes -> toEvent(source, request, bytes)).flatMap(event -> {
				type[0] = event.type();
				return publish(event, answerOn).thenReturn(Accepted.of(event.id(), source.name(), event.type()));
			});
		}).doOnSuccess(accepted -> metrics.request(accepted.source(), accepted.type(), IngestMetrics.ACCEPTED,
				Duration.ofNanos(System.nanoTime() - started))).doOnError(ex -> {
					String source = sources.find(request.sourceName()).isPresent() ? request.sourceName() : "unknown";
					metrics.request(source, type[0], outcome(ex), Duration.ofNanos(System.nanoTime() - started));
				});
	}

	private Source admitHeaders(WebhookRequest request) {
		Source source = sources.find(request.sourceName())
			.orElseThrow(() -> new WebhookRejectedException(Rejection.UNKNOWN_SOURCE, "no source is configured under this name"));
		long declared = request.headers().getContentLength();
		if (declared > maxBodyBytes) {
			throw tooLarge();
		}
		MediaType contentType;
		try {
			contentType = request.headers().getContentType();
		}
		catch (InvalidMediaTypeException unreadable) {
			contentType = null; // "json", "application/", a bad charset: not JSON either
		}
		if (!isJson(contentType)) {
			throw new WebhookRejectedException(Rejection.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json");
		}
		return source;
	}

	private CloudEvent toEvent(Source source, WebhookRequest request, byte[] body) {
		try {
			source.verifier().verify(request, body, clock.instant());
		}
		catch (SignatureException ex) {
			throw new WebhookRejectedException(Rejection.UNAUTHENTICATED, ex.getMessage(), ex);
		}
		if (!source.admit()) {
			throw new WebhookRejectedException(Rejection.RATE_LIMITED,
					"source '" + source.name() + "' is over its rate limit", null, retryAfter);
		}
		JsonNode parsed;
		try {
			parsed = codec.readTree(body);
		}
		catch (JsonFormatException ex) {
			throw new WebhookRejectedException(Rejection.MALFORMED, "body is not valid JSON: " + ex.getMessage(), ex);
		}
		if (!(parsed instanceof ObjectNode payload)) {
			throw new WebhookRejectedException(Rejection.MALFORMED, "body must be a JSON object");
		}
		try {
			Normalized normalized = source.format().normalize(payload, request);
			return EventFactory.create(source, request, body, payload, normalized);
		}
		catch (UnusablePayloadException ex) {
			throw new WebhookRejectedException(Rejection.UNPROCESSABLE, ex.getMessage(), ex);
		}
	}

	private Mono<Void> publish(CloudEvent event, Scheduler answerOn) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return publishDeadline.bound(publisher.publish(event))
				.publishOn(answerOn)
				.doOnSuccess(v -> metrics.publish(true, Duration.ofNanos(System.nanoTime() - started)))
				.doOnError(ex -> metrics.publish(false, Duration.ofNanos(System.nanoTime() - started)));
		}).onErrorMap(ex -> ex instanceof TimeoutException || ex instanceof PublishFailedException,
				ex -> new WebhookRejectedException(Rejection.UNAVAILABLE, "the event could not be stored; retry later",
						ex, retryAfter));
	}

	private WebhookRejectedException tooLarge() {
		return new WebhookRejectedException(Rejection.TOO_LARGE, "body is larger than " + maxBodyBytes + " bytes");
	}

	/** Signals from the web adapter that the body went past {@link #maxBodyBytes()}. */
	public WebhookRejectedException bodyTooLarge() {
		return tooLarge();
	}

	static boolean isJson(MediaType contentType) {
		if (contentType == null || !"application".equalsIgnoreCase(contentType.getType())) {
			return false;
		}
		return "json".equalsIgnoreCase(contentType.getSubtype())
				|| "json".equalsIgnoreCase(contentType.getSubtypeSuffix());
	}

	private static String outcome(Throwable ex) {
		return ex instanceof WebhookRejectedException rejected ? rejected.rejection().code() : "error";
	}

}
