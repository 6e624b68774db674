package io.spool.dispatcher.delivery.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.OutboundRequest;
import io.spool.dispatcher.delivery.Sender;
import io.spool.dispatcher.subscription.BlockedTargetException;
import io.spool.dispatcher.subscription.TargetPolicy;
import io.spool.support.reactive.Deadline;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Makes one attempt with Reactor Netty's {@link HttpClient}: connect and response timeouts, no redirects followed
 * (a redirect could point anywhere, past the target rules), the target rules applied again to the addresses it
 * connects to, and the first 4 KiB of the response kept (the rest is read and dropped, so the connection can be
 * reused). The client is used bare, without WebClient: Spring's layer on top (its header maps, body writers and
 * response adapters) was ≈ 9 % of the dispatcher's CPU while delivering (docs/benchmarks.md).
 */
public final class ReactorNettySender implements Sender {

	private final HttpClient http;

	private final Clock clock;

	/**
	 * The last resort for an answer that never ends (the response timeout is per read; a body trickling in
	 * forever would pass it).
	 */
	private final Deadline deadline;

	public ReactorNettySender(Duration timeout, Clock clock, TargetPolicy policy) {
		this(timeout, clock, policy, TargetPolicy::resolve);
	}

	/** With {@code dns} resolving host names (the system resolver in production). */
	ReactorNettySender(Duration timeout, Clock clock, TargetPolicy policy, Function<String, List<InetAddress>> dns) {
		this.clock = clock;
		this.deadline = new Deadline(timeout.plusSeconds(1));
		this.http = HttpClient.create()
			// the target rules apply to the addresses the connection is made to (see CheckedAddressResolverGroup)
			.resolver(new CheckedAddressResolverGroup(policy, dns))
			.followRedirect(false)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.responseTimeout(timeout);
	}

	@Override
	public Mono<AttemptResult> send(OutboundRequest request) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return deadline.bound(http.post()
				.uri(request.uri())
				.send((outbound, out) -> {
					// set on this request, not with HttpClient.headers(…), which copies the client's configuration
					HttpHeaders headers = outbound.requestHeaders();
					request.headers().forEach(headers::set);
					headers.setInt(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
					return out.sendByteArray(Mono.just(request.body()));
				})
				.response((response, content) -> excerpt(content).map(body -> AttemptResult.ofStatus(
						response.status().code(), body,
						AttemptResult.parseRetryAfter(response.responseHeaders().get("Retry-After"), clock.instant()),
						Duration.ofNanos(System.nanoTime() - started))))
				.next())
				.onErrorResume(ex -> Mono.just(classify(ex, Duration.ofNanos(System.nanoTime() - started))));
		});
	}

	/** The first {@link AttemptResult#MAX_EXCERPT} bytes of the body as text; the rest is read and dropped. */
	private static Mono<String> excerpt(ByteBufFlux content) {
		return content.reduceWith(Excerpt::new, Excerpt::append).map(Excerpt::text).defaultIfEmpty("");
	}

	/**
	 * Collects the start of a body, growing only as far as it goes (most answers are empty); each buffer is read
	 * while Reactor Netty still holds it (it releases it).
	 */
	private static final class Excerpt {

		private byte[] bytes = new byte[0];

		private int length;

		Excerpt append(ByteBuf buffer) {
			int n = Math.min(buffer.readableBytes(), AttemptResult.MAX_EXCERPT - length);
			if (n > 0) {
				if (length + n > bytes.length) {
					int size = Math.min(AttemptResult.MAX_EXCERPT, Math.max(length + n, 2 * bytes.length));
					bytes = Arrays.copyOf(bytes, size);
				}
				buffer.getBytes(buffer.readerIndex(), bytes, length, n);
				length += n;
			}
			return this;
		}

		String text() {
			return new String(bytes, 0, length, StandardCharsets.UTF_8);
		}

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
				|| root instanceof ConnectTimeoutException || String.valueOf(ex.getMessage()).contains("timeout")) {
			return AttemptResult.error("timeout", "no answer within the timeout", true, took);
		}
		if (root instanceof ConnectException || root instanceof UnknownHostException || root instanceof IOException) {
			return AttemptResult.error("connection", root.getClass().getSimpleName() + ": " + root.getMessage(), true,
					took);
		}
		return AttemptResult.error("connection", ex.getClass().getSimpleName() + ": " + ex.getMessage(), true, took);
	}

}
