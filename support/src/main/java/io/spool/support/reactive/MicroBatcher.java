package io.spool.support.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Gathers single requests made at about the same time into one batch operation, and answers each request from
 * the batch's result: many concurrent callers, one database round trip and one commit instead of one each.
 * <p>
 * A batch is executed when it holds {@code maxSize} requests or the oldest has waited {@code maxWait}, at most
 * {@code concurrency} batches at once. The operation answers a map from request to result; a request absent
 * from the map completes empty, and so does a request equal to an earlier one of the same batch (a result is
 * given once: a claimed row must not be handed to two callers). When the operation fails, every request of that batch fails with its error,
 * and later batches go on.
 * @param <T> a request (used as a map key: equals and hashCode must identify it)
 * @param <R> its result
 */
public final class MicroBatcher<T, R> implements AutoCloseable {

	private record Pending<T, R>(T request, Sinks.One<R> result) {
	}

	private final Sinks.Many<Pending<T, R>> queue = Sinks.many().unicast().onBackpressureBuffer();

	private final Disposable flow;

	public MicroBatcher(int maxSize, Duration maxWait, int concurrency,
			Function<List<T>, Mono<Map<T, R>>> operation) {
		this.flow = queue.asFlux()
			// fair backpressure: while every batch slot is busy, requests wait here instead of overflowing
			.bufferTimeout(maxSize, maxWait, true)
			.flatMap(batch -> execute(batch, operation), concurrency)
			.subscribe();
	}

	/** The result of {@code request}, once the batch it joined is done. */
	public Mono<R> submit(T request) {
		return Mono.defer(() -> {
			Sinks.One<R> result = Sinks.one();
			synchronized (queue) {
				Sinks.EmitResult emitted = queue.tryEmitNext(new Pending<>(request, result));
				if (emitted.isFailure()) {
					return Mono.error(new IllegalStateException("batcher is closed (" + emitted + ")"));
				}
			}
			return result.asMono();
		});
	}

	private static <T, R> Mono<Void> execute(List<Pending<T, R>> batch,
			Function<List<T>, Mono<Map<T, R>>> operation) {
		List<T> requests = new ArrayList<>(batch.size());
		for (Pending<T, R> pending : batch) {
			requests.add(pending.request());
		}
		return Mono.defer(() -> operation.apply(requests)).defaultIfEmpty(Map.of()).doOnNext(results -> {
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
		}).onErrorResume(ex -> {
			for (Pending<T, R> pending : batch) {
				pending.result().tryEmitError(ex);
			}
			return Mono.empty();
		}).then();
	}

	@Override
	public void close() {
		synchronized (queue) {
			queue.tryEmitComplete();
		}
		flow.dispose();
	}

}
