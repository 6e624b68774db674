package io.spool.ingest.webhook.kafka;

import java.util.Map;

import io.spool.common.json.JsonCodec;
import io.spool.support.kafka.KafkaClients;
import io.spool.support.kafka.TopicsProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the reactor-kafka sender from Boot's standard {@code spring.kafka.*} keys, then enforces what the
 * contract requires whatever the configuration says: {@code acks=all} and idempotence.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaPublisherConfiguration {

	@Bean(destroyMethod = "close")
	ReactorKafkaEventPublisher eventPublisher(KafkaProperties kafka, TopicsProperties topics, JsonCodec codec) {
		Map<String, Object> props = KafkaClients.durableProducer(kafka);
		checkTimeouts(props);
		SenderOptions<String, byte[]> options = SenderOptions.<String, byte[]>create(props).stopOnError(false);
		return new ReactorKafkaEventPublisher(KafkaSender.create(options), topics.events().name(), codec);
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
