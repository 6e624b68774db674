package io.spool.ingest.webhook.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.trace.TraceParent;
import io.spool.ingest.webhook.EventPublisher;
import io.spool.ingest.webhook.PublishFailedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/**
 * Publishes events to {@code spool.events.v1} with reactor-kafka: key = subject, value = the CloudEvent in
 * JSON structured mode, headers {@code content-type: application/cloudevents+json} and the W3C
 * {@code traceparent}. Completes when the broker
 * acknowledged the record (the producer is configured {@code acks=all}, idempotent), on the producer's network
 * thread: the caller moves its own work elsewhere.
 */
public final class ReactorKafkaEventPublisher implements EventPublisher, AutoCloseable {

	private static final Header CONTENT_TYPE = new RecordHeader(Topics.CONTENT_TYPE_HEADER,
			Topics.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));

	private final KafkaSender<String, byte[]> sender;

	private final String topic;

	private final JsonCodec codec;

	public ReactorKafkaEventPublisher(KafkaSender<String, byte[]> sender, String topic, JsonCodec codec) {
		this.sender = sender;
		this.topic = topic;
		this.codec = codec;
	}

	@Override
	public Mono<Void> publish(CloudEvent event) {
		List<Header> headers = event.traceparent() == null ? List.of(CONTENT_TYPE)
				: List.of(CONTENT_TYPE, new RecordHeader(TraceParent.HEADER, event.traceparent().getBytes(StandardCharsets.UTF_8)));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.subject(), codec.write(event),
				headers);
		return sender.send(Mono.just(SenderRecord.create(record, event.id())))
			.next()
			.flatMap(result -> result.exception() == null ? Mono.<Void>empty()
					: Mono.error(new PublishFailedException("Kafka refused the event", result.exception())))
			.onErrorMap(ex -> !(ex instanceof PublishFailedException),
					ex -> new PublishFailedException("Kafka did not acknowledge the event", ex));
	}

	@Override
	public void close() {
		sender.close();
	}

}
