package io.spool.dispatcher.apply;

import java.util.List;

import reactor.core.publisher.Mono;

/** The port through which state changes leave: {@code spool.state.v1}, one snapshot per entity. */
public interface StatePublisher {

	Mono<Void> publish(List<Entity> entities);

}
