package io.spool.dispatcher.apply;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Handles one batch of records of one partition, in partition order. The event source acknowledges the
 * batch's offsets only once the returned {@code Mono} completes, and gives the same partition no new batch
 * before that.
 */
@FunctionalInterface
public interface BatchHandler {

	Mono<Void> handle(List<InboundRecord> batch);

}
