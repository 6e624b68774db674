package io.spool.support.problem;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Writes {@link Problems}' answer for every exception that leaves a WebFlux handler or the framework itself
 * (no route, wrong method, unreadable request).
 */
public final class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

	private final Problems problems;

	public ProblemWebExceptionHandler(Problems problems) {
		this.problems = problems;
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
		Problems.Answer answer = problems.answer(ex, exchange.getRequest().getPath().value());
		response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
		answer.headers().forEach(response.getHeaders()::put);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
	}

}
