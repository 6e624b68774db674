package io.spool.standalone.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.spool.common.signing.HexSignature;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A webhook sender at a steady rate: signed marketplace product events, each with its own event id, sent once
 * (no retries: every answer is what the sender would have acted on). Every answer is kept for the verdict.
 * Reactor Netty on a pool of keep-alive connections, its own event loops, so that the sender is not what limits
 * the rate.
 */
final class SteadyLoad implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	/** One webhook sent: the answer's status (-1: no answer, then {@code error}) and the event id a 2xx named. */
	record Sent(long seq, long sentNanos, long answeredNanos, int status, String eventId, String error) {

		boolean accepted() {
			return status >= 200 && status < 300;
		}

	}

	private final ConnectionProvider pool = ConnectionProvider.builder("fault-suite-sender")
		.maxConnections(512)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(Duration.ofSeconds(15))
		.build();

	private final LoopResources loops = LoopResources.create("fault-suite-sender", 1, true);

	private final HttpClient http;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final ConcurrentLinkedQueue<CompletableFuture<Sent>> inFlight = new ConcurrentLinkedQueue<>();

	private final AtomicLong seq = new AtomicLong();

	private final AtomicLong lastAcceptedNanos = new AtomicLong();

	private final AtomicLong acceptedSoFar = new AtomicLong();

	private final String secret;

	private final String run;

	SteadyLoad(String ingestUrl, String secret, String run) {
		this.http = HttpClient.create(pool)
			.runOn(loops)
			.protocol(HttpProtocol.HTTP11)
			.baseUrl(ingestUrl)
			.responseTimeout(Duration.ofSeconds(15));
		this.secret = secret;
		this.run = run;
	}

	SteadyLoad start(int perSecond) {
		return start(perSecond, Duration.ZERO);
	}

	/**
	 * Sends at {@code perSecond}, reached by a linear ramp over {@code ramp} (from a tenth of it): services that
	 * share two cores with their broker and database need a moment of JIT before they take full load.
	 */
	SteadyLoad start(int perSecond, Duration ramp) {
		long started = System.nanoTime();
		long rampNanos = ramp.toNanos();
		ticker.execute(() -> {
			long due = started;
			while (!Thread.currentThread().isInterrupted()) {
				long now = System.nanoTime();
				if (now < due) {
					java.util.concurrent.locks.LockSupport.parkNanos(due - now);
					continue;
				}
				sendOne();
				double share = rampNanos <= 0 ? 1 : Math.min(1, 0.1 + 0.9 * (now - started) / (double) rampNanos);
				due += (long) (1e9 / (perSecond * share));
			}
		});
		return this;
	}

	private void sendOne() {
		long n = seq.incrementAndGet();
		String body = "{\"event_type\":\"product.updated\",\"event_id\":\"" + run + "-" + n + "\",\"timestamp\":\""
				+ java.time.Instant.now() + "\",\"data\":{\"product_id\":\"p-" + (n % 200) + "\",\"title\":\"Item " + n
				+ "\",\"price\":" + (n % 1000) + "}}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String signature = HexSignature.SHA256_PREFIXED.sign(secret, bytes);
		long sent = System.nanoTime();
		inFlight.add(http.headers(h -> h.set("Content-Type", "application/json").set("X-Webhook-Signature", signature))
			.post()
			.uri("/api/v1/webhooks/marketplace")
			.send(Mono.just(Unpooled.wrappedBuffer(bytes)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> answered(n, sent, response.status().code(), text)))
			.onErrorResume(error -> Mono.just(noAnswer(n, sent, error)))
			.toFuture());
	}

	private Sent answered(long n, long sent, int status, String body) {
		long answered = System.nanoTime();
		String eventId = null;
		if (status / 100 == 2) {
			Matcher m = ID.matcher(body);
			eventId = m.find() ? m.group(1) : null;
			lastAcceptedNanos.accumulateAndGet(answered, Math::max);
			acceptedSoFar.incrementAndGet();
		}
		return new Sent(n, sent, answered, status, eventId, null);
	}

	private static Sent noAnswer(long n, long sent, Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return new Sent(n, sent, System.nanoTime(), -1, null, cause.getClass().getSimpleName());
	}

	/** Webhooks answered 2xx so far. */
	long acceptedSoFar() {
		return acceptedSoFar.get();
	}

	long lastAcceptedNanos() {
		return lastAcceptedNanos.get();
	}

	/** Stops sending and waits for every answer. */
	List<Sent> finish() {
		ticker.shutdownNow();
		try {
			ticker.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return inFlight.stream().map(CompletableFuture::join).toList();
	}

	@Override
	public void close() {
		ticker.shutdownNow();
		pool.disposeLater().block(Duration.ofSeconds(10));
		loops.disposeLater().block(Duration.ofSeconds(10));
	}

}
