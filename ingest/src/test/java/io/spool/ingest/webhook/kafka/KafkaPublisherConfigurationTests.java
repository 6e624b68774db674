package io.spool.ingest.webhook.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaPublisherConfigurationTests {

	private static Map<String, Object> props(int linger, int request, int delivery) {
		Map<String, Object> props = new HashMap<>();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		props.put(ProducerConfig.LINGER_MS_CONFIG, linger);
		props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
		props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
		return props;
	}

	@Test
	void refusesADeliveryTimeoutShorterThanLingerPlusRequestTimeoutAtStartUp() {
		assertThatThrownBy(() -> KafkaPublisherConfiguration.checkTimeouts(props(1500, 4000, 4500)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("delivery.timeout.ms");
	}

	@Test
	void acceptsTheDefaults() {
		assertThatCode(() -> KafkaPublisherConfiguration.checkTimeouts(props(1, 4000, 4500))).doesNotThrowAnyException();
	}

}
