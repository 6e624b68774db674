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

	public EventsProducer(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
				new ByteArraySerializer());
	}

	public void send(CloudEvent event) {
		send(event.subject(), Events.json(event));
	}

	public void send(String key, byte[] value) {
		producer.send(new ProducerRecord<>(Topics.EVENTS, null, key, value,
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
