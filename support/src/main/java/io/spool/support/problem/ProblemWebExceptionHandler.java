package io.spool.support.problem;

import io.spool.common.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The one place where errors become answers: every exception that leaves a handler, or the framework itself
 * (no route, wrong method, unreadable request), is rendered as RFC 9457 {@code application/problem+json}.
 * {@link ApiException}s keep their own status, type and detail; framework errors keep their status and
 * standard text; anything else is a {@code 500} whose detail says nothing, logged here with its stack trace,
 * which never leaves the process.
 */
public final class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

	private final JsonCodec codec;

	public ProblemWebExceptionHandler(JsonCodec codec) {
		this.codec = codec;
	}

	/** Before Boot's own error handler, which renders a different JSON shape. */
	@Override
	public int getOrder() {
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		Problem problem = toProblem(ex, exchange.getRequest().getPath().value());
		response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex instanceof ApiException api && api.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, api.retryAfter().toSeconds())));
		}
		else if (ex instanceof ErrorResponse error) {
			error.getHeaders().forEach(headers::addAll);
		}
		DataBuffer body = response.bufferFactory().wrap(codec.write(problem));
		return response.writeWith(Mono.just(body));
	}

	Problem toProblem(Throwable ex, String instance) {
		if (ex instanceof ApiException api) {
			if (api.status() >= 500) {
				log.warn("answering {}: {}", api.status(), api.getCause() == null ? api.getMessage() : api.getCause().toString());
			}
			return new Problem(api.type(), api.title(), api.status(), api.getMessage(), instance);
		}
		if (ex instanceof ErrorResponse error) {
			HttpStatusCode status = error.getStatusCode();
			HttpStatus known = HttpStatus.resolve(status.value());
			String title = known != null ? known.getReasonPhrase() : "Error";
			if (status.is5xxServerError()) {
				log.error("request failed", ex);
				return new Problem(Problem.ABOUT_BLANK, title, status.value(), null, instance);
			}
			return new Problem(Problem.ABOUT_BLANK, title, status.value(), safeDetail(error.getBody().getDetail()),
					instance);
		}
		log.error("unexpected error", ex);
		return new Problem(Problem.ABOUT_BLANK, "Internal Server Error", 500, "the request could not be completed",
				instance);
	}

	/** Framework details are short sentences; cap them so that no echoed input grows an answer. */
	private static String safeDetail(String detail) {
		if (detail == null) {
			return null;
		}
		return detail.length() > 200 ? detail.substring(0, 200) + "…" : detail;
	}

}
