package io.spool.dispatcher;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.ApplyMetrics;
import io.spool.dispatcher.apply.EventApplier;
import io.spool.dispatcher.apply.EventInterpreter;
import io.spool.dispatcher.apply.kafka.KafkaStatePublisher;
import io.spool.dispatcher.apply.kafka.ReactorKafkaEventSource;
import io.spool.dispatcher.apply.r2dbc.PostgresQueries;
import io.spool.dispatcher.apply.r2dbc.PostgresStateStore;
import io.spool.dispatcher.delivery.kafka.KafkaDeliveryQueue;
import io.spool.dispatcher.stream.kafka.KafkaStateFeed;
import io.spool.support.kafka.KafkaClients;
import io.spool.support.kafka.TopicsProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the apply, query and stream features to their Kafka and PostgreSQL adapters. */
@Configuration(proxyBeanMethods = false)
class DispatcherConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	PostgresStateStore stateStore(DatabaseClient db, ReactiveTransactionManager transactions, JsonCodec codec,
			Clock clock) {
		return new PostgresStateStore(db, TransactionalOperator.create(transactions), codec, clock);
	}

	@Bean
	PostgresQueries stateQueries(DatabaseClient db, JsonCodec codec) {
		return new PostgresQueries(db, codec);
	}

	@Bean(destroyMethod = "close")
	KafkaStatePublisher statePublisher(KafkaProperties kafka, TopicsProperties topics, JsonCodec codec) {
		return new KafkaStatePublisher(
				KafkaSender.create(SenderOptions.<String, byte[]>create(KafkaClients.durableProducer(kafka))),
				topics.state().name(), codec);
	}

	@Bean
	ApplyMetrics applyMetrics(MeterRegistry registry) {
		return new ApplyMetrics(registry);
	}

	@Bean
	EventApplier eventApplier(PostgresStateStore store, KafkaStatePublisher publisher, KafkaDeliveryQueue deliveries,
			ApplyMetrics metrics, JsonCodec codec, Clock clock, DispatcherProperties properties) {
		return new EventApplier(new EventInterpreter(codec), store, publisher, deliveries, metrics, clock,
				properties.retryMinBackoff(), properties.retryMaxBackoff());
	}

	@Bean
	@ConditionalOnProperty(name = "spool.dispatcher.mode", havingValue = "service", matchIfMissing = true)
	ReactorKafkaEventSource eventSource(KafkaProperties kafka, TopicsProperties topics, EventApplier applier,
			DispatcherProperties properties, MeterRegistry registry) {
		String group = kafka.getConsumer().getGroupId() != null ? kafka.getConsumer().getGroupId() : "spool-dispatcher";
		ReceiverOptions<String, byte[]> options = ReceiverOptions
			.<String, byte[]>create(KafkaClients.manualCommitConsumer(kafka, group))
			.subscription(List.of(topics.events().name()))
			.commitInterval(properties.commitInterval())
			.consumerListener(new MicrometerConsumerListener(registry));
		return new ReactorKafkaEventSource(KafkaReceiver.create(options), applier, properties.lanes(),
				properties.batchSize(), properties.batchWait());
	}

	@Bean
	@ConditionalOnWebApplication
	KafkaStateFeed stateFeed(KafkaProperties kafka, TopicsProperties topics) {
		Map<String, Object> props = KafkaClients.manualCommitConsumer(kafka, "spool-dispatcher-stream-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		ReceiverOptions<String, byte[]> options = ReceiverOptions.<String, byte[]>create(props)
			.subscription(List.of(topics.state().name()));
		return new KafkaStateFeed(KafkaReceiver.create(options));
	}

}
