package io.spool.support.problem;

import io.spool.common.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;

/**
 * The one place where errors become answers: every exception that leaves a handler, or the framework itself
 * (no route, wrong method, unreadable request), is answered with RFC 9457 {@code application/problem+json}.
 * {@link ApiException}s keep their own status, type and detail; framework errors keep their status and
 * standard text; anything else is a {@code 500} whose detail says nothing, logged here with its stack trace,
 * which never leaves the process. {@link ProblemWebExceptionHandler} writes these answers for WebFlux; a route
 * that Reactor Netty serves itself (the ingest's webhook endpoint) writes the same ones.
 */
public final class Problems {

	private static final Logger log = LoggerFactory.getLogger(Problems.class);

	private final JsonCodec codec;

	public Problems(JsonCodec codec) {
		this.codec = codec;
	}

	/**
	 * The answer to {@code ex}.
	 *
	 * @param status the HTTP status
	 * @param headers {@code Content-Type}, and {@code Retry-After} or the framework's own headers (such as
	 * {@code Allow}) where they apply
	 * @param body the problem document
	 */
	public record Answer(int status, HttpHeaders headers, byte[] body) {
	}

	/** The answer to {@code ex} for a request to {@code instance} (its path). */
	public Answer answer(Throwable ex, String instance) {
		Problem problem = toProblem(ex, instance);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex instanceof ApiException api && api.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, api.retryAfter().toSeconds())));
		}
		else if (ex instanceof ErrorResponse error) {
			error.getHeaders().forEach(headers::addAll);
		}
		return new Answer(problem.status(), headers, codec.write(problem));
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
