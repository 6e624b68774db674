package io.spool.dispatcher.apply.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.spool.dispatcher.apply.InboundRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event source against a real broker: which thread the handler gets each batch on, and how partitions share
 * lanes.
 */
class ReactorKafkaEventSourceIT {

	private static final String TOPIC = "source-threads";

	private static final String SIX_PARTITIONS = "source-lanes";

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void broker() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		broker.addTopics(new NewTopic(SIX_PARTITIONS, 6, (short) 1));
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void handsEveryBatchToTheHandlerOnAnApplyThreadWhateverThreadFinishedTheBatchBefore() {
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (int i = 0; i < 2_000; i++) {
				producer.send(new ProducerRecord<>(TOPIC, "k", new byte[] { (byte) i }));
			}
		}
		// each batch finishes on a thread of its own, as a batch finishes on the producer's network thread or on
		// a database event loop in the dispatcher
		Scheduler elsewhere = Schedulers.newSingle("elsewhere");
		List<String> threads = new CopyOnWriteArrayList<>();
		Set<Long> offsets = ConcurrentHashMap.newKeySet();
		ReactorKafkaEventSource source = new ReactorKafkaEventSource(receiver(TOPIC, "source-threads"),
				(List<InboundRecord> batch) -> {
				threads.add(Thread.currentThread().getName());
				batch.forEach(record -> offsets.add(record.offset()));
				return Mono.delay(Duration.ofMillis(2), elsewhere).then();
			}, 1, 50, Duration.ofMillis(5));
		source.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> offsets.size() == 2_000);
		}
		finally {
			source.stop();
			elsewhere.dispose();
		}
		assertThat(threads).hasSizeGreaterThanOrEqualTo(40).allMatch(name -> name.startsWith("spool-apply"));
	}

	@Test
	void appliesSeveralPartitionsOfALaneInOneBatchKeepingEachInOrderAndAcknowledgesEveryOne() {
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (int i = 0; i < 100; i++) {
				for (int partition = 0; partition < 6; partition++) {
					producer.send(new ProducerRecord<>(SIX_PARTITIONS, partition, "k", new byte[] { (byte) i }));
				}
			}
		}
		List<List<InboundRecord>> batches = new CopyOnWriteArrayList<>();
		ReactorKafkaEventSource source = new ReactorKafkaEventSource(receiver(SIX_PARTITIONS, "source-lanes"),
				(List<InboundRecord> batch) -> {
					batches.add(batch);
					return Mono.delay(Duration.ofMillis(20)).then();
				}, 2, 500, Duration.ofMillis(50));
		source.start();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
			await().atMost(Duration.ofSeconds(60)).until(() -> batches.stream().mapToInt(List::size).sum() >= 600);
			// every partition's last offset acknowledged, and so committed
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin
				.listConsumerGroupOffsets("source-lanes")
				.partitionsToOffsetAndMetadata()
				.get()
				.values()).hasSize(6).allMatch(offset -> offset.offset() == 100));
		}
		finally {
			source.stop();
		}
		assertThat(batches).allMatch(batch -> batch.stream().map(r -> r.partition() % 2).distinct().count() == 1)
			.anyMatch(batch -> batch.stream().map(InboundRecord::partition).distinct().count() > 1);
		Map<Integer, List<Long>> offsets = new TreeMap<>();
		batches.forEach(batch -> batch
			.forEach(r -> offsets.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset())));
		assertThat(offsets).hasSize(6)
			.allSatisfy((partition, seen) -> assertThat(seen).isSorted().doesNotHaveDuplicates().hasSize(100));
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	private static KafkaReceiver<String, byte[]> receiver(String topic, String group) {
		return KafkaReceiver.create(ReceiverOptions
			.<String, byte[]>create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
					ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
					ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
					ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))
			.commitInterval(Duration.ofMillis(100))
			.subscription(List.of(topic)));
	}

}
