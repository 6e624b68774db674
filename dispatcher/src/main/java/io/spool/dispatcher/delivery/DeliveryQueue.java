package io.spool.dispatcher.delivery;

import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** The port to the delivery topics: tasks to {@code spool.deliveries.v1}, dead letters to the DLT. */
public interface DeliveryQueue {

	Mono<Void> enqueue(List<DeliveryTask> tasks);

	Mono<Void> deadLetter(String key, ObjectNode record);

}
