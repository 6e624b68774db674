package io.spool.ingest.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One Kafka admin client for topic creation and the readiness check, from {@code spring.kafka.*}. */
@Configuration(proxyBeanMethods = false)
public class KafkaAdminConfiguration {

	@Bean(destroyMethod = "close")
	Admin kafkaAdminClient(KafkaProperties kafka) {
		return Admin.create(kafka.buildAdminProperties());
	}

	@Bean
	TopicInitializer topicInitializer(Admin kafkaAdminClient, TopicsProperties topics) {
		return new TopicInitializer(kafkaAdminClient, topics, Duration.ofSeconds(15));
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(Admin kafkaAdminClient, TopicInitializer topicInitializer) {
		return new KafkaHealthIndicator(kafkaAdminClient, topicInitializer, Duration.ofSeconds(2));
	}

}
