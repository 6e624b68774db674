package io.spool.dispatcher.delivery.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
class WebClientSenderTests {

	private HttpServer subscriber;

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicInteger redirectedTo = new AtomicInteger();

	@BeforeEach
	void start() throws Exception {
		subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		subscriber.createContext("/hook", exchange -> {
			received.incrementAndGet();
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
	}

	@Test
	void aNameThatResolvesToAPrivateAddressAtConnectTimeIsRefusedAndNothingIsSent() {
		// what a rebinding DNS server answers the second time: loopback, for a name that looked public to the check
		WebClientSender sender = new WebClientSender(Duration.ofSeconds(2), Clock.systemUTC(), new TargetPolicy(false),
				host -> List.of(InetAddress.getLoopbackAddress()));

		AttemptResult result = sender.send(request("http://hooks.rebind.example:" + port() + "/hook"))
			.block(Duration.ofSeconds(10));

		assertThat(result.errorType()).isEqualTo("blocked_target");
		assertThat(result.isRetryable()).isFalse();
		assertThat(received).hasValue(0);
	}

	@Test
	void theConnectionGoesToTheAddressThatWasChecked() {
		// the name exists nowhere but in this resolver: reaching the subscriber proves its answer was the one used
		WebClientSender sender = new WebClientSender(Duration.ofSeconds(2), Clock.systemUTC(), new TargetPolicy(true),
				host -> List.of(InetAddress.getLoopbackAddress()));

		AttemptResult result = sender.send(request("http://hooks.rebind.example:" + port() + "/hook"))
			.block(Duration.ofSeconds(10));

		assertThat(result.responseCode()).isEqualTo(204);
		assertThat(received).hasValue(1);
	}

	@Test
	void aLiteralPrivateAddressIsRefusedAtConnectTimeToo() {
		WebClientSender sender = new WebClientSender(Duration.ofSeconds(2), Clock.systemUTC(), new TargetPolicy(false));

		AttemptResult result = sender.send(request("http://127.0.0.1:" + port() + "/hook")).block(Duration.ofSeconds(10));

		assertThat(result.errorType()).isEqualTo("blocked_target");
		assertThat(received).hasValue(0);
	}

	@Test
	void aRedirectIsNeverFollowed() {
		// a redirect could point anywhere, past the target rules: it is an answer, recorded, not a hop
		WebClientSender sender = new WebClientSender(Duration.ofSeconds(2), Clock.systemUTC(), new TargetPolicy(true));

		AttemptResult result = sender.send(request("http://127.0.0.1:" + port() + "/moved")).block(Duration.ofSeconds(10));

		assertThat(result.responseCode()).isEqualTo(307);
		assertThat(result.errorType()).isEqualTo("http_3xx");
		assertThat(redirectedTo).hasValue(0);
	}

	private int port() {
		return subscriber.getAddress().getPort();
	}

	private static OutboundRequest request(String url) {
		return new OutboundRequest(URI.create(url), Map.of("Content-Type", "application/json"),
				"{}".getBytes(StandardCharsets.UTF_8));
	}

}
