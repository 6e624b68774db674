package io.spool.dispatcher.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.DeliveryQueue;
import io.spool.dispatcher.delivery.DeliveryTask;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery tasks to {@code spool.deliveries.v1} ({@code {"deliveryId": "…"}}) and dead letters to
 * {@code spool.deliveries.dlt.v1}, both keyed by subscription id.
 */
public final class KafkaDeliveryQueue implements DeliveryQueue, AutoCloseable {

	private final KafkaSender<String, byte[]> sender;

	private final String tasksTopic;

	private final String deadLetterTopic;

	private final JsonCodec codec;

	public KafkaDeliveryQueue(KafkaSender<String, byte[]> sender, String tasksTopic, String deadLetterTopic,
			JsonCodec codec) {
		this.sender = sender;
		this.tasksTopic = tasksTopic;
		this.deadLetterTopic = deadLetterTopic;
		this.codec = codec;
	}

	@Override
	public Mono<Void> enqueue(List<DeliveryTask> tasks) {
		return send(Flux.fromIterable(tasks).map(task -> record(tasksTopic, task.key(),
				("{\"deliveryId\":\"" + task.deliveryId() + (task.leftBehind() ? "\",\"leftBehind\":true}" : "\"}"))
					.getBytes(StandardCharsets.UTF_8))));
	}

	@Override
	public Mono<Void> deadLetter(String key, ObjectNode record) {
		return send(Mono.just(record(deadLetterTopic, key, codec.write(record))).flux());
	}

	private Mono<Void> send(Flux<SenderRecord<String, byte[], String>> records) {
		return sender.send(records)
			.flatMap(result -> result.exception() == null ? Mono.empty() : Mono.error(result.exception()))
			.then();
	}

	private static SenderRecord<String, byte[], String> record(String topic, String key, byte[] value) {
		return SenderRecord.create(new ProducerRecord<>(topic, key, value), key);
	}

	@Override
	public void close() {
		sender.close();
	}

}
