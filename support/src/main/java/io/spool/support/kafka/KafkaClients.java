package io.spool.support.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** Client properties every Spool producer shares, from Boot's {@code spring.kafka.*}. */
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

}
