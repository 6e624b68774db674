package io.spool.ingest.webhook;

import io.spool.common.event.CloudEvent;
import reactor.core.publisher.Mono;

/**
 * The port through which accepted events leave the ingest. An implementation completes only once the event
 * is durably stored (for Kafka: acknowledged by all in-sync replicas) and fails with {@link
 * PublishFailedException} otherwise. It never retries: the sender's own retry is the one retry layer for a
 * webhook that could not be stored.
 * <p>
 * It may complete on a thread of its own (Kafka's acknowledgements arrive on the producer's one network
 * thread): callers continue on a scheduler of their choosing, not on that thread.
 */
public interface EventPublisher {

	Mono<Void> publish(CloudEvent event);

}
