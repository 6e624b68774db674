package io.spool.ingest.webhook.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.ReadTimeoutException;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.webhook.IngestService;
import io.spool.ingest.webhook.Rejection;
import io.spool.ingest.webhook.WebhookRejectedException;
import io.spool.ingest.webhook.WebhookRequest;
import io.spool.support.problem.Problems;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriUtils;

/**
 * {@code POST /api/v1/webhooks/{source}} (CONTRACT §1), served by Reactor Netty itself, ahead of WebFlux on the
 * same server. Thin, as a handler should be: it hands the request and its raw body, read with a hard byte
 * limit, to {@link IngestService} and answers {@code 202} with the accepted event, or the problem+json answer
 * of {@link Problems}, the one mapping of errors to answers.
 * <p>
 * Why not a WebFlux handler: this is the one hot path of the service, and a profile at full load put most of
 * its CPU in the framework around it (the exchange and its adapters, the dispatcher, the observation of
 * {@code http.server.requests}, response writing from a second thread: docs/benchmarks.md). Anything this route
 * does not take (another method, another path, a trailing slash) goes on to WebFlux as before, which also
 * documents the endpoint in the OpenAPI document. The webhook's own meters are {@code spool.ingest.*}.
 */
final class NettyWebhookRoute implements NettyRouteProvider {

	static final String PREFIX = "/api/v1/webhooks/";

	private static final String APPLICATION_JSON = "application/json";

	/** A query parameter as WebFlux reads them ({@code AbstractServerHttpRequest}). */
	private static final Pattern QUERY_PARAM = Pattern.compile("([^&=]+)(=?)([^&]+)?");

	private final IngestService ingest;

	private final JsonCodec codec;

	private final Problems problems;

	private final Clock clock;

	private final Map<EventLoop, Scheduler> eventLoops = new ConcurrentHashMap<>();

	NettyWebhookRoute(IngestService ingest, JsonCodec codec, Problems problems, Clock clock) {
		this.ingest = ingest;
		this.codec = codec;
		this.problems = problems;
		this.clock = clock;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(request -> request.method() == HttpMethod.POST && takes(request.uri()), this::receive);
	}

	/**
	 * Whether this route answers a POST to {@code uri}: a webhook path that is a valid URI. WebFlux answers
	 * the rest, as before (a URI that is not valid, say with a broken percent escape, is its {@code 400}).
	 */
	static boolean takes(String uri) {
		if (source(uri) == null) {
			return false;
		}
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/?=&:+,;!$'()*@".indexOf(c) >= 0)) {
				try {
					new URI(uri); // the rare URI with escapes or other characters: checked as WebFlux checks it
					return true;
				}
				catch (URISyntaxException invalid) {
					return false;
				}
			}
		}
		return true;
	}

	private Publisher<Void> receive(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		String path = path(uri); // a webhook path: takes(uri) said so
		// decoded as WebFlux decodes path variables; the URI was checked to be valid
		String source = UriUtils.decode(path.substring(PREFIX.length()), StandardCharsets.UTF_8);
		WebhookRequest webhook = new WebhookRequest(source,
				new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders())), query(uri), clock.instant());
		return ingest.ingest(webhook, body(request), eventLoopOf(request))
			.flatMap(accepted -> answer(response.header(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON),
					HttpResponseStatus.ACCEPTED.code(), codec.write(accepted)))
			.onErrorResume(ex -> answerProblem(response, ex, path));
	}

	private static Mono<Void> answer(HttpServerResponse response, int status, byte[] body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

	private Mono<Void> answerProblem(HttpServerResponse response, Throwable ex, String path) {
		if (response.hasSentHeaders()) {
			return Mono.error(ex); // nothing left to answer with; Reactor Netty closes the connection
		}
		Problems.Answer answer = problems.answer(ex, path);
		answer.headers().forEach((name, values) -> response.header(name, String.join(", ", values)));
		return answer(response, answer.status(), answer.body());
	}

	/**
	 * The exact bytes received, refusing to buffer more than the limit: into one array of the declared length
	 * when there is one, growing otherwise. Each buffer is copied while Reactor Netty still holds it.
	 */
	private Mono<byte[]> body(HttpServerRequest request) {
		int limit = (int) Math.min(Integer.MAX_VALUE - 8, ingest.maxBodyBytes());
		long declared = request.requestHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
		return request.receive()
			.reduceWith(() -> new Body(declared >= 0 && declared <= limit ? (int) declared : 256, limit),
					Body::append)
			.map(Body::bytes)
			.onErrorMap(BodyTooLargeException.class, ex -> ingest.bodyTooLarge())
			// the sender stopped sending mid-body (SlowRequestGuard's read timeout)
			.onErrorMap(ex -> ex instanceof ReadTimeoutException || ex.getCause() instanceof ReadTimeoutException,
					ex -> new WebhookRejectedException(Rejection.INCOMPLETE, "the body did not arrive in time"));
	}

	/** The connection's event loop, where the answer is written without a hand-over; made once per loop. */
	private Scheduler eventLoopOf(HttpServerRequest request) {
		if (request instanceof Connection connection) {
			return eventLoops.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutor);
		}
		return Schedulers.parallel();
	}

	/** The raw {@code {source}} segment of a webhook request's URI, or {@code null} when it is not one. */
	static String source(String uri) {
		String path = path(uri);
		if (!path.startsWith(PREFIX) || path.length() == PREFIX.length() || path.indexOf('/', PREFIX.length()) >= 0) {
			return null;
		}
		return path.substring(PREFIX.length());
	}

	/** The path of a request's URI: no query or fragment, no scheme and authority in the absolute form. */
	static String path(String uri) {
		int begin = 0;
		if (!uri.startsWith("/")) {
			int scheme = uri.indexOf("://");
			int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
			begin = slash < 0 ? uri.length() : slash;
		}
		int end = uri.length();
		for (int i = begin; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		return uri.substring(begin, end);
	}

	/**
	 * The query parameters, decoded as WebFlux decodes them ({@code +} is a space; a value that is not valid
	 * percent-encoding is kept as it came); empty without a query.
	 */
	static MultiValueMap<String, String> query(String uri) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		int start = uri.indexOf('?');
		if (start < 0) {
			return params;
		}
		int hash = uri.indexOf('#', start);
		Matcher pair = QUERY_PARAM.matcher(uri.substring(start + 1, hash < 0 ? uri.length() : hash));
		while (pair.find()) {
			String value = pair.group(3);
			params.add(decodeParam(pair.group(1)),
					value != null ? decodeParam(value) : pair.group(2).isEmpty() ? null : "");
		}
		return params;
	}

	private static String decodeParam(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException invalid) {
			return value;
		}
	}

	/** A body read into one array; fails past the limit. */
	private static final class Body {

		private final int limit;

		private byte[] bytes;

		private int length;

		Body(int expected, int limit) {
			this.bytes = new byte[expected];
			this.limit = limit;
		}

		Body append(ByteBuf buffer) {
			int readable = buffer.readableBytes();
			if (readable > limit - length) {
				throw new BodyTooLargeException();
			}
			if (length + readable > bytes.length) {
				bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + readable, bytes.length * 2)));
			}
			buffer.getBytes(buffer.readerIndex(), bytes, length, readable);
			length += readable;
			return this;
		}

		byte[] bytes() {
			return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
		}

	}

	/** The body went past the limit (stackless: it is an answer, not a fault). */
	private static final class BodyTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BodyTooLargeException() {
			super("body over the limit", null, false, false);
		}

	}

}
