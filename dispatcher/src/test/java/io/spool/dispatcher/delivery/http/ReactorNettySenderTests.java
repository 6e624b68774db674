package io.spool.dispatcher.delivery.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.OutboundRequest;
import io.spool.dispatcher.subscription.TargetPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender connects only to addresses that passed the target rules: the name is resolved once, checked, and
 * that very address is connected to, so DNS cannot answer one address to the check and another to the client.
 * And it sends exactly the request it is given, keeps the start of the answer, and turns every way an attempt
 * can end into an {@link AttemptResult}.
 */
class ReactorNettySenderTests {

	private HttpServer subscriber;

	private final AtomicInteger received = new AtomicInteger();

	private final java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final AtomicInteger redirectedTo = new AtomicInteger();

	private final AtomicReference<Headers> receivedHeaders = new AtomicReference<>();

	private final AtomicReference<byte[]> receivedBody = new AtomicReference<>();

	private final ExecutorService handlers = Executors.newCachedThreadPool();

	@BeforeEach
	void start() throws Exception {
		subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		subscriber.setExecutor(handlers);
		subscriber.createContext("/echo", exchange -> {
			receivedHeaders.set(exchange.getRequestHeaders());
			receivedBody.set(exchange.getRequestBody().readAllBytes());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		subscriber.createContext("/long", exchange -> {
			exchange.getRequestBody().readAllBytes();
			byte[] answer = ("{" + "x".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(500, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		subscriber.createContext("/busy", exchange -> {
			exchange.getRequestBody().readAllBytes();
			byte[] answer = "slow down".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Retry-After", "7");
			exchange.sendResponseHeaders(429, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		subscriber.createContext("/silent", exchange -> {
			exchange.getRequestBody().readAllBytes();
			try {
				Thread.sleep(3_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		subscriber.createContext("/hook", exchange -> {
			received.incrementAndGet();
			clientPorts.add(exchange.getRemoteAddress().getPort());
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		subscriber.createContext("/moved", exchange -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + port() + "/internal");
			exchange.sendResponseHeaders(307, -1);
			exchange.close();
		});
		subscriber.createContext("/internal", exchange -> {
			redirectedTo.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		subscriber.start();
	}

	@AfterEach
	void stop() {
		subscriber.stop(0);
		handlers.shutdownNow();
	}

	@Test
	void theSubscriberGetsExactlyTheHeadersAndBodyOfTheRequest() {
		ReactorNettySender sender = sender(Duration.ofSeconds(2));
		byte[] body = "{\"id\":\"évènement ✓\",\"n\":1}".getBytes(StandardCharsets.UTF_8);

		AttemptResult result = sender.send(new OutboundRequest(URI.create("http://127.0.0.1:" + port() + "/echo"),
				Map.of("Content-Type", "application/cloudevents+json", "webhook-id", "d-1", "User-Agent", "Spool/test"),
				body))
			.block(Duration.ofSeconds(10));

		assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.SENT);
		assertThat(result.responseCode()).isEqualTo(200);
		assertThat(receivedBody.get()).isEqualTo(body);
		assertThat(receivedHeaders.get().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
		assertThat(receivedHeaders.get().getFirst("webhook-id")).isEqualTo("d-1");
		assertThat(receivedHeaders.get().getFirst("User-Agent")).isEqualTo("Spool/test");
		assertThat(receivedHeaders.get().getFirst("Content-Length")).isEqualTo(Integer.toString(body.length));
	}

	@Test
	void onlyTheStartOfALongAnswerIsKeptAndTheConnectionServesTheNextAttempt() {
		ReactorNettySender sender = sender(Duration.ofSeconds(2));

		AttemptResult first = post(sender, "/long");
		AttemptResult second = post(sender, "/hook");

		assertThat(first.responseCode()).isEqualTo(500);
		assertThat(first.errorType()).isEqualTo("http_5xx");
		assertThat(first.isRetryable()).isTrue();
		assertThat(first.responseBody()).hasSize(AttemptResult.MAX_EXCERPT).startsWith("{xxx");
		assertThat(second.responseCode()).isEqualTo(204);
	}

	@Test
	void attemptsOneAfterTheOtherReuseTheirConnections() {
		// a connection closed after each answer costs a TCP handshake per delivery, on both sides; a connection goes
		// back to the pool just after its answer, so the next attempt may now and then open another one
		ReactorNettySender sender = sender(Duration.ofSeconds(2));

		for (int i = 0; i < 10; i++) {
			assertThat(post(sender, "/hook").responseCode()).isEqualTo(204);
		}

		assertThat(received).hasValue(10);
		assertThat(clientPorts).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void aTooManyRequestsAnswerCarriesItsRetryAfter() {
		ReactorNettySender sender = sender(Duration.ofSeconds(2));

		AttemptResult result = post(sender, "/busy");

		assertThat(result.responseCode()).isEqualTo(429);
		assertThat(result.isRetryable()).isTrue();
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(result.responseBody()).isEqualTo("slow down");
	}

	@Test
	void aSubscriberThatNeverAnswersIsATimeout() {
		ReactorNettySender sender = sender(Duration.ofMillis(300));

		AttemptResult result = post(sender, "/silent");

		assertThat(result.errorType()).isEqualTo("timeout");
		assertThat(result.isRetryable()).isTrue();
		assertThat(result.duration()).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void aRefusedConnectionIsARetryableConnectionError() throws Exception {
		int closed;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		ReactorNettySender sender = sender(Duration.ofSeconds(2));

		AttemptResult result = sender.send(request("http://127.0.0.1:" + closed + "/hook"))
			.block(Duration.ofSeconds(10));

		assertThat(result.errorType()).isEqualTo("connection");
		assertThat(result.isRetryable()).isTrue();
	}

	@Test
	void aNameThatResolvesToAPrivateAddressAtConnectTimeIsRefusedAndNothingIsSent() {
		// what a rebinding DNS server answers the second time: loopback, for a name that looked public to the check
		ReactorNettySender sender = new ReactorNettySender(Duration.ofSeconds(2), Clock.systemUTC(),
				new TargetPolicy(false), host -> List.of(InetAddress.getLoopbackAddress()));

		AttemptResult result = sender.send(request("http://hooks.rebind.example:" + port() + "/hook"))
			.block(Duration.ofSeconds(10));

		assertThat(result.errorType()).isEqualTo("blocked_target");
		assertThat(result.isRetryable()).isFalse();
		assertThat(received).hasValue(0);
	}

	@Test
	void theConnectionGoesToTheAddressThatWasChecked() {
		// the name exists nowhere but in this resolver: reaching the subscriber proves its answer was the one used
		ReactorNettySender sender = new ReactorNettySender(Duration.ofSeconds(2), Clock.systemUTC(),
				new TargetPolicy(true), host -> List.of(InetAddress.getLoopbackAddress()));

		AttemptResult result = sender.send(request("http://hooks.rebind.example:" + port() + "/hook"))
			.block(Duration.ofSeconds(10));

		assertThat(result.responseCode()).isEqualTo(204);
		assertThat(received).hasValue(1);
	}

	@Test
	void aLiteralPrivateAddressIsRefusedAtConnectTimeToo() {
		ReactorNettySender sender = new ReactorNettySender(Duration.ofSeconds(2), Clock.systemUTC(),
				new TargetPolicy(false));

		AttemptResult result = post(sender, "/hook");

		assertThat(result.errorType()).isEqualTo("blocked_target");
		assertThat(received).hasValue(0);
	}

	@Test
	void aRedirectIsNeverFollowed() {
		// a redirect could point anywhere, past the target rules: it is an answer, recorded, not a hop
		ReactorNettySender sender = sender(Duration.ofSeconds(2));

		AttemptResult result = post(sender, "/moved");

		assertThat(result.responseCode()).isEqualTo(307);
		assertThat(result.errorType()).isEqualTo("http_3xx");
		assertThat(redirectedTo).hasValue(0);
	}

	/** A sender with the given timeout that may reach this test's loopback subscriber. */
	private static ReactorNettySender sender(Duration timeout) {
		return new ReactorNettySender(timeout, Clock.systemUTC(), new TargetPolicy(true));
	}

	/** One attempt to {@code path} of the test subscriber, waited for. */
	private AttemptResult post(ReactorNettySender sender, String path) {
		return sender.send(request("http://127.0.0.1:" + port() + path)).block(Duration.ofSeconds(10));
	}

	private int port() {
		return subscriber.getAddress().getPort();
	}

	private static OutboundRequest request(String url) {
		return new OutboundRequest(URI.create(url), Map.of("Content-Type", "application/json"),
				"{}".getBytes(StandardCharsets.UTF_8));
	}

}
