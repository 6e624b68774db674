package io.spool.support.reactive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Gathers single requests made at about the same time into one batch operation, and answers each request from
 * the batch's result: many concurrent callers, one database round trip and one commit instead of one each.
 * <p>
 * Group commit: a request that finds a batch slot free starts a batch at once (no waiting: a lone request costs
 * no extra latency); requests that arrive while all {@code concurrency} slots are busy wait, and the next free
 * slot takes up to {@code maxSize} of them as one batch. The busier the database, the bigger the batches.
 * <p>
 * The operation answers a map from request to result; a request absent from the map completes empty, and so does
 * a request equal to an earlier one of the same batch (a result is given once: a claimed row must not be handed
 * to two callers). When the operation fails, every request of that batch fails with its error, and later batches
 * go on. An operation that has not answered within {@code timeout} is cancelled and fails its requests with a
 * {@link java.util.concurrent.TimeoutException}: a database that stops answering must not hold the batch slots,
 * and with them every later request, forever.
 * @param <T> a request (used as a map key: equals and hashCode must identify it)
 * @param <R> its result
 */
public final class MicroBatcher<T, R> implements AutoCloseable {

	private record Pending<T, R>(T request, Sinks.One<R> result) {
	}

	private final int maxSize;

	private final int concurrency;

	private final Deadline deadline;

	private final Function<List<T>, Mono<Map<T, R>>> operation;

	private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();

	private int running;

	private boolean closed;

	public MicroBatcher(int maxSize, int concurrency, Duration timeout, Function<List<T>, Mono<Map<T, R>>> operation) {
		this.maxSize = maxSize;
		this.concurrency = concurrency;
		this.deadline = new Deadline(timeout);
		this.operation = operation;
	}

	/** The result of {@code request}, once the batch it joined is done. */
	public Mono<R> submit(T request) {
		return Mono.defer(() -> {
			Sinks.One<R> result = Sinks.one();
			synchronized (waiting) {
				if (closed) {
					return Mono.error(new IllegalStateException("batcher is closed"));
				}
				waiting.add(new Pending<>(request, result));
			}
			drain();
			return result.asMono();
		});
	}

	/** Starts batches while a slot is free and requests wait. */
	private void drain() {
		while (true) {
			List<Pending<T, R>> batch;
			synchronized (waiting) {
				if (running >= concurrency || waiting.isEmpty()) {
					return;
				}
				running++;
				batch = new ArrayList<>(Math.min(maxSize, waiting.size()));
				while (batch.size() < maxSize && !waiting.isEmpty()) {
					batch.add(waiting.poll());
				}
			}
			execute(batch).doFinally(signal -> {
				synchronized (waiting) {
					running--;
				}
				drain();
			}).subscribe();
		}
	}

	private Mono<Void> execute(List<Pending<T, R>> batch) {
		List<T> requests = new ArrayList<>(batch.size());
		for (Pending<T, R> pending : batch) {
			requests.add(pending.request());
		}
		return deadline.bound(Mono.defer(() -> operation.apply(requests)))
			.defaultIfEmpty(Map.of())
			.doOnNext(results -> {
				Set<T> answered = new HashSet<>();
				for (Pending<T, R> pending : batch) {
					R result = results.get(pending.request());
					if (result == null || !answered.add(pending.request())) {
						pending.result().tryEmitEmpty();
					}
					else {
						pending.result().tryEmitValue(result);
					}
				}
			})
			.onErrorResume(ex -> {
				for (Pending<T, R> pending : batch) {
					pending.result().tryEmitError(ex);
				}
				return Mono.empty();
			})
			.then();
	}

	/** Refuses new requests; those waiting fail, batches running finish. */
	@Override
	public void close() {
		List<Pending<T, R>> left;
		synchronized (waiting) {
			closed = true;
			left = new ArrayList<>(waiting);
			waiting.clear();
		}
		left.forEach(pending -> pending.result().tryEmitError(new IllegalStateException("batcher is closed")));
	}

}
