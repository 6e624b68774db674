package io.spool.dispatcher.subscription;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.spool.dispatcher.query.NotFoundException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Creates, changes and removes subscriptions. Every URL is checked against the {@link TargetPolicy} when it is
 * given (and again at every send, since DNS can change); the host is resolved off the event loop.
 */
public final class SubscriptionService {

	private static final Pattern TYPE_PATTERN = Pattern.compile("\\*|[A-Za-z0-9_.-]+(\\.\\*)?");

	private final SubscriptionStore store;

	private final TargetPolicy policy;

	private final Clock clock;

	public SubscriptionService(SubscriptionStore store, TargetPolicy policy, Clock clock) {
		this.store = store;
		this.policy = policy;
		this.clock = clock;
	}

	public Mono<Subscription> create(SubscriptionRequest request) {
		return validate(request).flatMap(url -> {
			Instant now = clock.instant();
			return store.insert(new Subscription(UUID.randomUUID(), url.toString(), request.eventTypes(),
					blankToNull(request.source()), blankToNull(request.subject()), blankToNull(request.secret()),
					format(request), request.enabled() == null || request.enabled(), null, request.rateLimit(),
					request.concurrency(), now, now));
		});
	}

	/** Replaces a subscription; a request without {@code secret} keeps the current one, {@code ""} removes it. */
	public Mono<Subscription> replace(UUID id, SubscriptionRequest request) {
		return find(id).flatMap(current -> validate(request).flatMap(url -> {
			String secret = request.secret() == null ? current.secret() : blankToNull(request.secret());
			return store.update(new Subscription(id, url.toString(), request.eventTypes(),
					blankToNull(request.source()), blankToNull(request.subject()), secret, format(request),
					request.enabled() == null || request.enabled(), null, request.rateLimit(), request.concurrency(),
					current.createdAt(), clock.instant()));
		}));
	}

	public Mono<Void> delete(UUID id) {
		return store.delete(id).flatMap(deleted -> deleted ? Mono.<Void>empty()
				: Mono.error(new NotFoundException("no subscription " + id)));
	}

	public Mono<Subscription> find(UUID id) {
		return store.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no subscription " + id)));
	}

	public Flux<Subscription> all() {
		return store.all();
	}

	/** Sets a job's own webhook: that job's status changes go there in the print-service format. */
	public Mono<Void> setJobWebhook(String jobId, JobWebhookRequest request) {
		if (request == null) {
			return Mono.error(new InvalidSubscriptionException("a JSON body with url is required"));
		}
		return Mono.fromCallable(() -> policy.validate(request.url()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(url -> store.setJobWebhook(jobId, url.toString(), blankToNull(request.secret())));
	}

	private Mono<URI> validate(SubscriptionRequest request) {
		if (request == null) {
			return Mono.error(new InvalidSubscriptionException("a JSON body is required"));
		}
		List<String> types = request.eventTypes();
		if (types == null || types.isEmpty()) {
			return Mono.error(new InvalidSubscriptionException("eventTypes must name at least one pattern, e.g. [\"job.*\"]"));
		}
		for (String type : types) {
			if (type == null || !TYPE_PATTERN.matcher(type).matches() || type.length() > 128) {
				return Mono.error(new InvalidSubscriptionException(
						"eventTypes entries are '*', 'prefix.*' or an event type, not '" + type + "'"));
			}
		}
		if (DeliveryFormat.parse(request.format()).isEmpty()) {
			return Mono.error(new InvalidSubscriptionException("format must be 'cloudevents' or 'print-service'"));
		}
		if (request.rateLimit() != null && !(request.rateLimit() > 0)) {
			return Mono.error(new InvalidSubscriptionException("rateLimit must be positive"));
		}
		if (request.concurrency() != null && (request.concurrency() < 1 || request.concurrency() > 1000)) {
			return Mono.error(new InvalidSubscriptionException("concurrency must be between 1 and 1000"));
		}
		return Mono.fromCallable(() -> policy.validate(request.url())).subscribeOn(Schedulers.boundedElastic());
	}

	private static DeliveryFormat format(SubscriptionRequest request) {
		return DeliveryFormat.parse(request.format()).orElseThrow();
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

}
