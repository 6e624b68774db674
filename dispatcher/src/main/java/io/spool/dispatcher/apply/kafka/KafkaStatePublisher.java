package io.spool.dispatcher.apply.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.Entity;
import io.spool.dispatcher.apply.StatePublisher;
import io.spool.dispatcher.apply.StateView;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/**
 * Publishes entity snapshots to {@code spool.state.v1}: key {@code <kind>/<id>}, value {@link StateView}'s
 * JSON, header {@code content-type: application/json}. Completes when the broker acknowledged every one.
 */
public final class KafkaStatePublisher implements StatePublisher, AutoCloseable {

	private final KafkaSender<String, byte[]> sender;

	private final String topic;

	private final JsonCodec codec;

	public KafkaStatePublisher(KafkaSender<String, byte[]> sender, String topic, JsonCodec codec) {
		this.sender = sender;
		this.topic = topic;
		this.codec = codec;
	}

	@Override
	public Mono<Void> publish(List<Entity> entities) {
		Flux<SenderRecord<String, byte[], String>> records = Flux.fromIterable(entities).map(entity -> {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, entity.ref().key(),
					codec.write(StateView.of(entity)),
					List.of(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8))));
			return SenderRecord.create(record, entity.ref().key());
		});
		return sender.send(records).flatMap(result -> result.exception() == null ? Mono.empty()
				: Mono.error(result.exception())).then();
	}

	@Override
	public void close() {
		sender.close();
	}

}
