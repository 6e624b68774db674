package io.spool.support.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/**
 * What every Spool service needs of Kafka besides its own producers and consumers: one admin client (from
 * {@code spring.kafka.*}), Spool's topics created when missing, and Kafka in the readiness group.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TopicsProperties.class)
public class KafkaSupportAutoConfiguration {

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
