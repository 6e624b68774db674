package io.spool.support.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** Client properties every Spool producer and consumer shares, from Boot's {@code spring.kafka.*}. */
public final class KafkaClients {

	private KafkaClients() {
	}

	/**
	 * Producer properties with what Spool's durability promise requires enforced whatever the configuration
	 * says ({@code acks=all}, idempotence), string keys and byte-array values.
	 */
	public static Map<String, Object> durableProducer(KafkaProperties kafka) {
		Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return props;
	}

	/**
	 * Consumer properties for string keys and byte-array values, with offsets committed by the application only
	 * (never automatically), in {@code groupId}.
	 */
	public static Map<String, Object> manualCommitConsumer(KafkaProperties kafka, String groupId) {
		Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return props;
	}

}
