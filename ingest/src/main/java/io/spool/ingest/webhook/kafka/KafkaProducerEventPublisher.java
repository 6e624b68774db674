package io.spool.ingest.webhook.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.trace.TraceParent;
import io.spool.ingest.webhook.EventPublisher;
import io.spool.ingest.webhook.PublishFailedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import reactor.core.publisher.Mono;

/**
 * Publishes events to {@code spool.events.v1} with Kafka's own asynchronous producer: key = subject, value = the
 * CloudEvent in JSON structured mode, headers {@code content-type: application/cloudevents+json} and the W3C
 * {@code traceparent}. Completes when the broker acknowledged the record (the producer is configured
 * {@code acks=all}, idempotent), on the producer's network thread: the caller moves its own work elsewhere.
 * <p>
 * One record per webhook needs no more than the producer's callback; reactor-kafka's sender built a pipeline
 * per record and handed each acknowledgement to a thread of its own before the service handed it to the
 * request's event loop. The producer is created at the first event, as reactor-kafka did, so that the ingest
 * starts (and reports itself not ready) while Kafka cannot be reached; a failed creation is tried again at
 * the next event.
 */
public final class KafkaProducerEventPublisher implements EventPublisher, AutoCloseable {

	private static final Header CONTENT_TYPE = new RecordHeader(Topics.CONTENT_TYPE_HEADER,
			Topics.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));

	private final Supplier<Producer<String, byte[]>> factory;

	private final String topic;

	private final JsonCodec codec;

	private final Duration closeTimeout;

	private volatile Producer<String, byte[]> producer;

	private boolean closed;

	public KafkaProducerEventPublisher(Supplier<Producer<String, byte[]>> factory, String topic, JsonCodec codec,
			Duration closeTimeout) {
		this.factory = factory;
		this.topic = topic;
		this.codec = codec;
		this.closeTimeout = closeTimeout;
	}

	@Override
	public Mono<Void> publish(CloudEvent event) {
		return Mono.create(sink -> {
			List<Header> headers = event.traceparent() == null ? List.of(CONTENT_TYPE) : List.of(CONTENT_TYPE,
					new RecordHeader(TraceParent.HEADER, event.traceparent().getBytes(StandardCharsets.UTF_8)));
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.subject(),
					codec.write(event), headers);
			try {
				producer().send(record, (metadata, failure) -> {
					if (failure == null) {
						sink.success();
					}
					else {
						sink.error(new PublishFailedException("Kafka refused the event", failure));
					}
				});
			}
			catch (RuntimeException ex) { // closed, the buffer full past max.block.ms, no producer yet
				sink.error(new PublishFailedException("Kafka did not take the event", ex));
			}
		});
	}

	private Producer<String, byte[]> producer() {
		Producer<String, byte[]> current = producer;
		if (current != null) {
			return current;
		}
		synchronized (this) {
			if (closed) {
				throw new IllegalStateException("the publisher is closed");
			}
			if (producer == null) {
				producer = factory.get();
			}
			return producer;
		}
	}

	/** Waits up to the close timeout for records in flight, as a graceful shutdown expects. */
	@Override
	public void close() {
		Producer<String, byte[]> current;
		synchronized (this) {
			closed = true;
			current = producer;
		}
		if (current != null) {
			current.close(closeTimeout);
		}
	}

}
