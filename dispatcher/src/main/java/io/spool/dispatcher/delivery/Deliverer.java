package io.spool.dispatcher.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.spool.common.trace.TraceParent;
import io.spool.dispatcher.subscription.BlockedTargetException;
import io.spool.dispatcher.subscription.SubscriptionStore;
import io.spool.dispatcher.subscription.TargetPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Makes one delivery: reads it (if it is still due), checks its URL's form (the sender applies the address rules
 * to the very address it connects to, so DNS cannot change between check and use), sends it through the
 * subscriber's own Resilience4j guards and records every attempt, then decides what comes next. Each failure kind
 * has one retry layer:
 * <ul>
 * <li>quick retries (Resilience4j Retry, {@code quick-attempts} × {@code quick-backoff}) for a retryable result
 * without {@code Retry-After};</li>
 * <li>delayed retries at the {@code schedule} (60, 120, 240, 480, 960 s by default), recorded in the database so
 * that they survive restarts, and honouring {@code Retry-After} when the subscriber gives one;</li>
 * <li>then {@code dead}, with a record on the dead-letter topic.</li>
 * </ul>
 * A subscriber's Bulkhead bounds its deliveries in flight, its CircuitBreaker stops attempts while it keeps
 * failing, and its optional RateLimiter paces it: one slow or dead subscriber never holds up another.
 */
public final class Deliverer {

	private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

	private final DeliveryStore store;

	private final DeliveryQueue queue;

	private final SubscriptionStore subscriptions;

	private final Sender sender;

	private final OutboundFormatter formatter;

	private final DeliveryProperties properties;

	private final DeliveryMetrics metrics;

	private final Clock clock;

	private final CircuitBreakerRegistry circuitBreakers;

	private final ConcurrentMap<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();

	private final Retry quickRetry;

	/** The deliveries this process is making now. */
	private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

	public Deliverer(DeliveryStore store, DeliveryQueue queue, SubscriptionStore subscriptions, Sender sender,
			OutboundFormatter formatter, DeliveryProperties properties, DeliveryMetrics metrics,
			CircuitBreakerRegistry circuitBreakers, Clock clock) {
		this.store = store;
		this.queue = queue;
		this.subscriptions = subscriptions;
		this.sender = sender;
		this.formatter = formatter;
		this.properties = properties;
		this.metrics = metrics;
		this.circuitBreakers = circuitBreakers;
		this.clock = clock;
		this.quickRetry = Retry.of("quick", RetryConfig.<AttemptResult>custom()
			.maxAttempts(Math.max(1, properties.quickAttempts()))
			.waitDuration(properties.quickBackoff())
			.retryOnResult(result -> result.isRetryable() && result.retryAfter() == null)
			.retryOnException(ex -> false)
			.failAfterMaxAttempts(false)
			.build());
	}

	/** The circuit breaker configuration every subscriber gets. */
	public static CircuitBreakerConfig circuitConfig(DeliveryProperties properties) {
		return CircuitBreakerConfig.custom()
			.slidingWindowSize(Math.max(1, properties.circuitWindow()))
			.minimumNumberOfCalls(Math.max(1, properties.circuitWindow()))
			.failureRateThreshold(properties.circuitFailureRate())
			.waitDurationInOpenState(properties.circuitOpenFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.recordResult(result -> result instanceof AttemptResult attempt && attempt.isRetryable())
			.recordException(ex -> false)
			.build();
	}

	/** How many deliveries to {@code target} may run at once: its subscription's limit once known, else the default. */
	public int concurrencyOf(String target) {
		Bulkhead bulkhead = bulkheads.get(target);
		return bulkhead == null ? properties.concurrency() : bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
	}

	/**
	 * Delivers one task; completes when its outcome is recorded. Never fails. A second task for a delivery this
	 * process is already making (the poller handed it back while the first was still on its way) is dropped: the
	 * claim reads the row without marking it, so this is what keeps one process from sending it twice at once.
	 */
	public Mono<Void> deliver(UUID deliveryId) {
		return Mono.defer(() -> {
			if (!inFlight.add(deliveryId)) {
				log.debug("delivery={} is already being made here; this copy of its task is dropped", deliveryId);
				return Mono.empty();
			}
			return store.claim(deliveryId)
				.flatMap(this::send)
				.onErrorResume(ex -> {
					log.warn("delivery={} could not be processed now ({}); the poller will pick it up", deliveryId,
							ex.toString());
					return Mono.empty();
				})
				.doFinally(signal -> inFlight.remove(deliveryId));
		});
	}

	private Mono<Void> send(DeliveryWork work) {
		if (!work.enabled()) {
			AttemptResult refused = AttemptResult.error("subscription_disabled", "the subscription is disabled",
					false, Duration.ZERO);
			return store.recordAttempt(work.id(), refused, clock.instant()).then(dead(work));
		}
		long started = System.nanoTime();
		return Mono.fromCallable(() -> TargetPolicy.parse(work.url()))
			.flatMap(uri -> attempts(work, uri))
			.onErrorResume(BlockedTargetException.class,
					ex -> record(work, AttemptResult.error("blocked_target", ex.getMessage(), false, Duration.ZERO)))
			.flatMap(result -> conclude(work, result, System.nanoTime() - started))
			.onErrorResume(BulkheadFullException.class, ex -> store.release(work.id()));
	}

	private Mono<AttemptResult> attempts(DeliveryWork work, URI uri) {
		CircuitBreaker circuit = circuitBreakers.circuitBreaker(work.resilienceKey());
		Mono<AttemptResult> attempt = Mono.defer(() -> sender.send(formatter.format(uri, work.id().toString(),
				work.format(), work.body(), work.secret(), clock.instant(), work.traceparent())))
			.transformDeferred(CircuitBreakerOperator.of(circuit))
			.onErrorResume(CallNotPermittedException.class, ex -> Mono.just(circuitOpen()))
			.flatMap(result -> record(work, result));
		Mono<AttemptResult> guarded = attempt.transformDeferred(RetryOperator.of(quickRetry))
			.transformDeferred(BulkheadOperator.of(bulkhead(work)));
		RateLimiter limiter = rateLimiter(work);
		return limiter == null ? guarded : guarded.transformDeferred(RateLimiterOperator.of(limiter));
	}

	/** An open circuit is the subscriber saying "not now" for as long as it stays open: wait at least that. */
	private AttemptResult circuitOpen() {
		return new AttemptResult(AttemptResult.Outcome.RETRYABLE, null, null, "circuit_open",
				"the subscriber's circuit is open", Duration.ZERO, properties.circuitOpenFor());
	}

	private Mono<AttemptResult> record(DeliveryWork work, AttemptResult result) {
		metrics.attempt(result);
		if (result.outcome() == AttemptResult.Outcome.SENT) {
			return Mono.just(result); // recorded with the delivery's last write: see conclude
		}
		return store.recordAttempt(work.id(), result, clock.instant()).thenReturn(result);
	}

	private Mono<Void> conclude(DeliveryWork work, AttemptResult result, long nanos) {
		Instant now = clock.instant();
		return switch (result.outcome()) {
			case SENT -> store.markSent(work.id(), result, now, nanos / 1_000_000).doOnSuccess(v -> {
				metrics.finished(work, "sent");
				if (work.eventReceivedAt() != null) {
					metrics.delivered(Duration.between(work.eventReceivedAt(), now));
				}
			});
			case GONE -> {
				Mono<Void> disable = work.subscriptionId() == null ? Mono.empty()
						: subscriptions.disable(work.subscriptionId(), "410 Gone at " + now);
				yield disable.then(dead(work));
			}
			case PERMANENT -> dead(work);
			case RETRYABLE -> {
				if (work.retries() >= properties.schedule().size()) {
					yield dead(work);
				}
				Duration wait = properties.schedule().get(work.retries());
				if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
					wait = result.retryAfter();
				}
				yield store.markFailed(work.id(), now.plus(wait)).doOnSuccess(v -> metrics.finished(work, "failed"));
			}
		};
	}

	private Mono<Void> dead(DeliveryWork work) {
		return store.markDead(work.id())
			.flatMap(record -> queue.deadLetter(work.target(), record))
			.doOnSuccess(v -> {
				metrics.finished(work, "dead");
				log.atWarn()
					.addKeyValue("eventId", work.eventId())
					.addKeyValue("traceId", TraceParent.parse(work.traceparent()).map(TraceParent::traceId).orElse(null))
					.addKeyValue("deliveryId", work.id())
					.log("delivery {} of event {} to {} is dead", work.id(), work.eventId(), work.target());
			});
	}

	private Bulkhead bulkhead(DeliveryWork work) {
		int limit = work.concurrency() != null ? work.concurrency() : properties.concurrency();
		return bulkheads.compute(work.resilienceKey(), (key, current) -> current != null
				&& current.getBulkheadConfig().getMaxConcurrentCalls() == limit ? current
						: Bulkhead.of(key, BulkheadConfig.custom()
							.maxConcurrentCalls(limit)
							.maxWaitDuration(Duration.ZERO)
							.build()));
	}

	private RateLimiter rateLimiter(DeliveryWork work) {
		if (work.rateLimit() == null) {
			return null;
		}
		double perSecond = work.rateLimit();
		return rateLimiters.compute(work.resilienceKey(), (key, current) -> {
			int permits = (int) Math.max(1, Math.round(perSecond));
			if (current != null && current.getRateLimiterConfig().getLimitForPeriod() == permits) {
				return current;
			}
			Duration period = perSecond >= 1 ? Duration.ofSeconds(1) : Duration.ofNanos((long) (1e9 / perSecond));
			return RateLimiter.of(key, RateLimiterConfig.custom()
				.limitForPeriod(permits)
				.limitRefreshPeriod(period)
				.timeoutDuration(properties.timeout())
				.build());
		});
	}

	/** Requeues a failed or dead delivery now: the SRE's manual retry. */
	public Mono<DeliveryTask> retryNow(UUID deliveryId) {
		return store.requeue(deliveryId).flatMap(task -> queue.enqueue(java.util.List.of(task)).thenReturn(task));
	}

}
