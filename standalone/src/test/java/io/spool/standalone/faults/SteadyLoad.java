package io.spool.standalone.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spool.common.signing.HexSignature;

/**
 * A webhook sender at a steady rate: signed marketplace product events, each with its own event id, sent once
 * (no retries: every answer is what the sender would have acted on). Every answer is kept for the verdict.
 */
final class SteadyLoad implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	/** One webhook sent: its own id, the answer's status (-1: no answer) and the event id a 2xx named. */
	record Sent(long seq, long sentNanos, long answeredNanos, int status, String eventId) {

		boolean accepted() {
			return status >= 200 && status < 300;
		}

	}

	private final ExecutorService answers = Executors.newFixedThreadPool(4);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.executor(answers)
		.build();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final ConcurrentLinkedQueue<CompletableFuture<Sent>> inFlight = new ConcurrentLinkedQueue<>();

	private final AtomicLong seq = new AtomicLong();

	private final AtomicLong lastAcceptedNanos = new AtomicLong();

	private final String url;

	private final String secret;

	private final String run;

	SteadyLoad(String ingestUrl, String secret, String run) {
		this.url = ingestUrl + "/api/v1/webhooks/marketplace";
		this.secret = secret;
		this.run = run;
	}

	SteadyLoad start(int perSecond) {
		long periodMicros = 1_000_000L / perSecond;
		ticker.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
		return this;
	}

	private void sendOne() {
		long n = seq.incrementAndGet();
		String body = "{\"event_type\":\"product.updated\",\"event_id\":\"" + run + "-" + n + "\",\"timestamp\":\""
				+ java.time.Instant.now() + "\",\"data\":{\"product_id\":\"p-" + (n % 200) + "\",\"title\":\"Item " + n
				+ "\",\"price\":" + (n % 1000) + "}}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.header("X-Webhook-Signature", HexSignature.SHA256_PREFIXED.sign(secret, bytes))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
		long sent = System.nanoTime();
		inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
			long answered = System.nanoTime();
			if (response == null) {
				return new Sent(n, sent, answered, -1, null);
			}
			String eventId = null;
			if (response.statusCode() / 100 == 2) {
				Matcher m = ID.matcher(response.body());
				eventId = m.find() ? m.group(1) : null;
				lastAcceptedNanos.accumulateAndGet(answered, Math::max);
			}
			return new Sent(n, sent, answered, response.statusCode(), eventId);
		}));
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
		answers.shutdownNow();
	}

}
