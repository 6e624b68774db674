package io.spool.dispatcher.delivery;

import reactor.core.publisher.Mono;

/**
 * The port that makes one HTTP attempt. Never fails: every outcome, a timeout or a refused connection
 * included, is an {@link AttemptResult}. It makes no retries and follows no redirects.
 */
public interface Sender {

	Mono<AttemptResult> send(OutboundRequest request);

}
