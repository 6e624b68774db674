package io.spool.ingest.webhook.kafka;

import java.time.Duration;
import java.util.Map;

import io.spool.common.json.JsonCodec;
import io.spool.support.kafka.KafkaClients;
import io.spool.support.kafka.TopicsProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the event producer from Boot's standard {@code spring.kafka.*} keys, then enforces what the
 * contract requires whatever the configuration says: {@code acks=all} and idempotence.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaPublisherConfiguration {

	@Bean(destroyMethod = "close")
	KafkaProducerEventPublisher eventPublisher(KafkaProperties kafka, TopicsProperties topics, JsonCodec codec) {
		Map<String, Object> props = KafkaClients.durableProducer(kafka);
		checkTimeouts(props);
		// at shutdown, records in flight have until they would time out anyway to land
		Duration closeTimeout = Duration
			.ofMillis(new ProducerConfig(props).getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
		return new KafkaProducerEventPublisher(() -> new KafkaProducer<>(props), topics.events().name(), codec,
				closeTimeout);
	}

	/**
	 * The producer itself is created at the first request, where Kafka's own check of this rule would turn a
	 * configuration mistake into a {@code 503} for every sender; check it at start-up instead.
	 */
	static void checkTimeouts(Map<String, Object> props) {
		ProducerConfig config = new ProducerConfig(props);
		long linger = config.getLong(ProducerConfig.LINGER_MS_CONFIG);
		long request = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
		long delivery = config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
		if (delivery < linger + request) {
			throw new IllegalStateException("spring.kafka.producer.properties.delivery.timeout.ms (" + delivery
					+ ") must be at least linger.ms + request.timeout.ms (" + (linger + request) + ")");
		}
	}

}
