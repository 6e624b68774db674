package io.spool.dispatcher.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes CloudEvents to {@code spool.events.v1} exactly as the ingest does: keyed by subject. */
public final class EventsProducer implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final String topic;

	public EventsProducer(String bootstrapServers) {
		this(bootstrapServers, Topics.EVENTS);
	}

	public EventsProducer(String bootstrapServers, String topic) {
		this.topic = topic;
		// Not idempotent: the embedded broker sometimes answers a fresh idempotent producer on a topic created
		// a moment before with OutOfOrderSequenceException. One request in flight keeps the order all the same.
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(),
				new ByteArraySerializer());
	}

	public void send(CloudEvent event) {
		send(event.subject(), Events.json(event));
	}

	public void send(String key, byte[] value) {
		producer.send(new ProducerRecord<>(topic, null, key, value,
				List.of(new RecordHeader("content-type", Topics.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8)))));
	}

	public void sendAll(List<CloudEvent> events) {
		events.forEach(this::send);
		producer.flush();
	}

	public void flush() {
		producer.flush();
	}

	@Override
	public void close() {
		producer.close();
	}

}
