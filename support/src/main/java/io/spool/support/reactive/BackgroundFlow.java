package io.spool.support.reactive;

import java.time.Duration;

import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.context.SmartLifecycle;

/**
 * A reactive flow that runs for the life of the application: subscribed when the context starts, disposed when
 * it stops. The consumers and pollers of Spool are such flows.
 */
public abstract class BackgroundFlow implements SmartLifecycle {

	private volatile Disposable running;

	/** The flow to run; subscribed once at start. */
	protected abstract Flux<?> flow();

	/**
	 * Restarts a flow that failed, with backoff from 1 s to 30 s, forever: a consumer whose broker went away
	 * comes back by itself.
	 */
	protected static RetryBackoffSpec restartForever(Logger log, String what) {
		return Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
			.maxBackoff(Duration.ofSeconds(30))
			.doBeforeRetry(signal -> log.warn("{} failed, restarting: {}", what, signal.failure().toString()));
	}

	@Override
	public void start() {
		running = flow().subscribe();
	}

	@Override
	public void stop() {
		Disposable current = running;
		if (current != null) {
			current.dispose();
		}
		running = null;
		stopped();
	}

	/** What else to release once the flow is disposed. */
	protected void stopped() {
	}

	@Override
	public boolean isRunning() {
		Disposable current = running;
		return current != null && !current.isDisposed();
	}

}
