package io.spool.support.reactive;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

/**
 * A time limit shared by many subscriptions: a {@link Mono} that has not signalled within it fails with a
 * {@link TimeoutException}, as with {@code timeout(Duration)}.
 * <p>
 * Why not {@code timeout(Duration)} or {@code timeout(Publisher)}: both build a description per subscription
 * by walking the operator chain for a name ({@code Scannable.name()}, a regular expression on each class name).
 * On the ingest's hot path that was 6 % of its event loops' CPU (docs/benchmarks.md). With a fallback,
 * Reactor builds no description; the fallback here is the same error, created only when the limit passes.
 * The timer is cold: each subscription starts its own.
 */
public final class Deadline {

	private final Mono<Long> timer;

	private final Mono<?> expired;

	public Deadline(Duration limit) {
		this.timer = Mono.delay(limit);
		String message = "no signal within " + limit.toMillis() + " ms";
		this.expired = Mono.error(() -> new TimeoutException(message));
	}

	/** {@code source}, failing with a {@link TimeoutException} if it has not signalled within the limit. */
	@SuppressWarnings("unchecked")
	public <T> Mono<T> bound(Mono<T> source) {
		return source.timeout(timer, (Mono<T>) expired);
	}

}
