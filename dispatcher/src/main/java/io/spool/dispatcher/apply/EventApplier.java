package io.spool.dispatcher.apply;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.spool.common.trace.TraceParent;
import io.spool.dispatcher.delivery.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies batches of records exactly once in effect: plans them (pure), applies them in one transaction,
 * publishes the new state, and only then lets the event source acknowledge the offsets.
 * <ul>
 * <li>The store unavailable: the same transaction is retried with backoff, forever. The partition waits,
 * nothing is acknowledged, and it resumes by itself when the database is back. This is the one retry layer
 * for store outages.</li>
 * <li>The store refusing the data: the batch is applied again one record at a time, so that only the record
 * at fault is logged as failed and skipped; it never stalls its partition.</li>
 * <li>Duplicates change nothing; the current state of what they name is published again.</li>
 * <li>Kafka refusing the state snapshots: the publish is retried with backoff, forever, before the offsets
 * are acknowledged.</li>
 * </ul>
 */
public final class EventApplier implements BatchHandler {

	private static final Logger log = LoggerFactory.getLogger(EventApplier.class);

	private final EventInterpreter interpreter;

	private final StateStore store;

	private final StatePublisher publisher;

	private final DeliveryQueue deliveries;

	private final ApplyMetrics metrics;

	private final Clock clock;

	private final Retry storeRetry;

	private final Retry publishRetry;

	public EventApplier(EventInterpreter interpreter, StateStore store, StatePublisher publisher,
			DeliveryQueue deliveries, ApplyMetrics metrics, Clock clock, Duration minBackoff, Duration maxBackoff) {
		this.interpreter = interpreter;
		this.store = store;
		this.publisher = publisher;
		this.deliveries = deliveries;
		this.metrics = metrics;
		this.clock = clock;
		this.storeRetry = Retry.backoff(Long.MAX_VALUE, minBackoff)
			.maxBackoff(maxBackoff)
			.filter(ex -> ex instanceof StoreUnavailableException)
			.doBeforeRetry(signal -> {
				metrics.retried();
				if (signal.totalRetries() % 10 == 0) {
					log.warn("database unavailable, retrying (attempt {}): {}", signal.totalRetries() + 1,
							signal.failure().toString());
				}
			});
		this.publishRetry = Retry.backoff(Long.MAX_VALUE, minBackoff).maxBackoff(maxBackoff).doBeforeRetry(signal -> {
			if (signal.totalRetries() % 10 == 0) {
				log.warn("state publish failed, retrying (attempt {}): {}", signal.totalRetries() + 1,
						signal.failure().toString());
			}
		});
	}

	@Override
	public Mono<Void> handle(List<InboundRecord> batch) {
		List<EventPlan> plans = batch.stream().map(interpreter::plan).toList();
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return withRetry(store.apply(plans))
				.doOnSuccess(result -> metrics.batch(Duration.ofNanos(System.nanoTime() - started)));
		})
			.onErrorResume(StoreRejectedException.class, ex -> {
				log.warn("a batch of {} was refused ({}); applying its records one by one", plans.size(),
						ex.getMessage());
				return oneByOne(plans);
			})
			.flatMap(this::publish)
			.flatMap(this::enqueue)
			.doOnNext(result -> result.outcomes()
				.forEach(o -> metrics.outcome(o.plan(), o.outcome(), clock.instant())))
			.then();
	}

	private Mono<BatchResult> oneByOne(List<EventPlan> plans) {
		return Flux.fromIterable(plans)
			.concatMap(plan -> withRetry(store.apply(List.of(plan)))
				.onErrorResume(StoreRejectedException.class, ex -> {
					log.atWarn()
						.addKeyValue("eventId", plan.event() == null ? null : plan.event().id())
						.addKeyValue("traceId", traceId(plan))
						.log("event {} at {}-{}@{} refused by the database: {}",
								plan.event() == null ? "(undecodable)" : plan.event().id(), plan.record().topic(),
								plan.record().partition(), plan.record().offset(), ex.getMessage());
					return withRetry(store.recordFailed(plan, "refused by the database: " + ex.getMessage()));
				}))
			.reduce(BatchResult.empty(), BatchResult::plus);
	}

	private Mono<BatchResult> publish(BatchResult result) {
		Mono<List<Entity>> duplicates = result.duplicateRefs().isEmpty() ? Mono.just(List.of())
				: withRetry(store.load(result.duplicateRefs()));
		return duplicates.flatMap(current -> {
			List<Entity> all = new ArrayList<>(result.changed());
			all.addAll(current);
			return all.isEmpty() ? Mono.just(result)
					: Mono.defer(() -> publisher.publish(all)).retryWhen(publishRetry).thenReturn(result);
		});
	}

	/**
	 * Queues the deliveries the transaction recorded. If this fails they are not lost: they are pending in the
	 * database and the delivery poller hands them to the queue.
	 */
	private Mono<BatchResult> enqueue(BatchResult result) {
		if (result.deliveries().isEmpty()) {
			return Mono.just(result);
		}
		return deliveries.enqueue(result.deliveries()).onErrorResume(ex -> {
			log.warn("queueing {} deliveries failed, the poller will ({})", result.deliveries().size(), ex.toString());
			return Mono.empty();
		}).thenReturn(result);
	}

	private static String traceId(EventPlan plan) {
		return plan.event() == null ? null
				: TraceParent.parse(plan.event().traceparent()).map(TraceParent::traceId).orElse(null);
	}

	private <T> Mono<T> withRetry(Mono<T> work) {
		return Mono.defer(() -> work).retryWhen(storeRetry);
	}

}
