package io.spool.dispatcher.delivery.http;

import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.OutboundRequest;
import io.spool.dispatcher.delivery.Sender;
import io.spool.dispatcher.subscription.BlockedTargetException;
import io.spool.dispatcher.subscription.TargetPolicy;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Makes one attempt with WebClient on Reactor Netty: connect and response timeouts, no redirects followed (a
 * redirect could point anywhere, past the target rules), the target rules applied again to the addresses it
 * connects to, and at most 4 KiB of the response kept.
 */
public final class WebClientSender implements Sender {

	private final WebClient client;

	private final Duration timeout;

	private final Clock clock;

	public WebClientSender(Duration timeout, Clock clock, TargetPolicy policy) {
		this(timeout, clock, policy, TargetPolicy::resolve);
	}

	/** With {@code dns} resolving host names (the system resolver in production). */
	WebClientSender(Duration timeout, Clock clock, TargetPolicy policy, Function<String, List<InetAddress>> dns) {
		this.timeout = timeout;
		this.clock = clock;
		HttpClient http = HttpClient.create()
			// the target rules apply to the addresses the connection is made to (see CheckedAddressResolverGroup)
			.resolver(new CheckedAddressResolverGroup(policy, dns))
			.followRedirect(false)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.responseTimeout(timeout);
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Override
	public Mono<AttemptResult> send(OutboundRequest request) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return client.post()
				.uri(request.uri())
				.headers(h -> request.headers().forEach(h::set))
				.bodyValue(request.body())
				.exchangeToMono(response -> DataBufferUtils
					.join(response.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class), AttemptResult.MAX_EXCERPT)
					.map(buffer -> {
						try {
							return buffer.toString(StandardCharsets.UTF_8);
						}
						finally {
							DataBufferUtils.release(buffer);
						}
					})
					.onErrorResume(org.springframework.core.io.buffer.DataBufferLimitException.class, ex -> Mono.just(""))
					.defaultIfEmpty("")
					.map(body -> AttemptResult.ofStatus(response.statusCode().value(), body,
							AttemptResult.parseRetryAfter(response.headers().asHttpHeaders().getFirst("Retry-After"),
									clock.instant()),
							Duration.ofNanos(System.nanoTime() - started))))
				.timeout(timeout.plusSeconds(1))
				.onErrorResume(ex -> Mono.just(classify(ex, Duration.ofNanos(System.nanoTime() - started))));
		});
	}

	static AttemptResult classify(Throwable ex, Duration took) {
		Throwable root = ex;
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof BlockedTargetException blocked) {
				return AttemptResult.error("blocked_target", blocked.getMessage(), false, took);
			}
		}
		while (root.getCause() != null && root.getCause() != root) {
			if (root instanceof TimeoutException || root instanceof ReadTimeoutException) {
				break;
			}
			root = root.getCause();
		}
		if (ex instanceof TimeoutException || root instanceof TimeoutException || root instanceof ReadTimeoutException
				|| root instanceof io.netty.channel.ConnectTimeoutException
				|| String.valueOf(ex.getMessage()).contains("timeout")) {
			return AttemptResult.error("timeout", "no answer within the timeout", true, took);
		}
		if (root instanceof ConnectException || root instanceof java.net.UnknownHostException
				|| root instanceof java.io.IOException) {
			return AttemptResult.error("connection", root.getClass().getSimpleName() + ": " + root.getMessage(), true,
					took);
		}
		return AttemptResult.error("connection", ex.getClass().getSimpleName() + ": " + ex.getMessage(), true, took);
	}

}
