package io.spool.dispatcher;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.Deliverer;
import io.spool.dispatcher.delivery.DeliveryMetrics;
import io.spool.dispatcher.delivery.DeliveryPoller;
import io.spool.dispatcher.delivery.DeliveryProperties;
import io.spool.dispatcher.delivery.OutboundFormatter;
import io.spool.dispatcher.delivery.Replayer;
import io.spool.dispatcher.delivery.http.ReactorNettySender;
import io.spool.dispatcher.delivery.kafka.DeliveryWorker;
import io.spool.dispatcher.delivery.kafka.KafkaDeliveryQueue;
import io.spool.dispatcher.delivery.r2dbc.PostgresDeliveryStore;
import io.spool.dispatcher.subscription.TargetPolicy;
import io.spool.dispatcher.subscription.r2dbc.PostgresSubscriptionStore;
import io.spool.support.kafka.KafkaClients;
import io.spool.support.kafka.TopicsProperties;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Wires outbound deliveries: the store, the queue and its worker, the sender, the poller, replay. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	@Bean
	PostgresDeliveryStore deliveryStore(DatabaseClient db, JsonCodec codec) {
		return new PostgresDeliveryStore(db, codec);
	}

	@Bean(destroyMethod = "close")
	KafkaDeliveryQueue deliveryQueue(KafkaProperties kafka, TopicsProperties topics, JsonCodec codec) {
		return new KafkaDeliveryQueue(
				KafkaSender.create(SenderOptions.<String, byte[]>create(KafkaClients.durableProducer(kafka))),
				topics.deliveries().name(), topics.deadLetters().name(), codec);
	}

	@Bean
	DeliveryMetrics deliveryMetrics(MeterRegistry registry) {
		return new DeliveryMetrics(registry);
	}

	@Bean
	CircuitBreakerRegistry deliveryCircuitBreakers(DeliveryProperties properties, MeterRegistry registry) {
		CircuitBreakerRegistry circuits = CircuitBreakerRegistry.of(Deliverer.circuitConfig(properties));
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(registry);
		return circuits;
	}

	@Bean
	Deliverer deliverer(PostgresDeliveryStore store, KafkaDeliveryQueue queue, PostgresSubscriptionStore subscriptions,
			TargetPolicy policy, DeliveryProperties properties, DeliveryMetrics metrics,
			CircuitBreakerRegistry deliveryCircuitBreakers, Clock clock,
			@Value("${spool.version:0.1.0}") String version) {
		return new Deliverer(store, queue, subscriptions, new ReactorNettySender(properties.timeout(), clock, policy),
				new OutboundFormatter(version), properties, metrics, deliveryCircuitBreakers, clock);
	}

	@Bean
	Replayer replayer(PostgresDeliveryStore store, KafkaDeliveryQueue queue) {
		return new Replayer(store, queue);
	}

	@Bean
	@ConditionalOnProperty(name = "spool.dispatcher.mode", havingValue = "service", matchIfMissing = true)
	DeliveryWorker deliveryWorker(KafkaProperties kafka, TopicsProperties topics, Deliverer deliverer,
			PostgresDeliveryStore store, DeliveryProperties properties, JsonCodec codec) {
		ReceiverOptions<String, byte[]> options = ReceiverOptions
			.<String, byte[]>create(KafkaClients.manualCommitConsumer(kafka, "spool-deliveries"))
			.subscription(List.of(topics.deliveries().name()))
			.commitInterval(Duration.ofMillis(500));
		// Up to 4,096 tasks taken at once; each subscriber's lane holds its concurrency running, 512 waiting and
		// 8,192 more parked by default (≈ 1.5 MiB of memory for a lane that full); past that it reads its work back
		// from the database as it has room.
		return new DeliveryWorker(KafkaReceiver.create(options), deliverer, codec, store, 4096,
				properties.laneBacklog(), properties.laneOverflow());
	}

	@Bean
	@ConditionalOnProperty(name = "spool.dispatcher.mode", havingValue = "service", matchIfMissing = true)
	DeliveryPoller deliveryPoller(PostgresDeliveryStore store, KafkaDeliveryQueue queue, DeliveryProperties properties,
			Clock clock) {
		// A claimed delivery may take every quick attempt at the full timeout; give it that twice before
		// deciding its process died.
		Duration stuckAfter = properties.timeout()
			.plus(properties.quickBackoff())
			.multipliedBy(2L * Math.max(1, properties.quickAttempts()))
			.plusSeconds(5);
		return new DeliveryPoller(store, queue, properties.pollInterval(), stuckAfter, properties.pendingTimeout(), clock);
	}

}
