package io.spool.dispatcher.apply.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.spool.dispatcher.apply.InboundRecord;
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

/** The event source against a real broker: which thread the handler gets each batch on. */
class ReactorKafkaEventSourceIT {

	private static final String TOPIC = "source-threads";

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void broker() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void handsEveryBatchToTheHandlerOnAnApplyThreadWhateverThreadFinishedTheBatchBefore() {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			for (int i = 0; i < 2_000; i++) {
				producer.send(new ProducerRecord<>(TOPIC, "k", new byte[] { (byte) i }));
			}
		}
		// each batch finishes on a thread of its own, as a batch finishes on the producer's network thread or on
		// a database event loop in the dispatcher
		Scheduler elsewhere = Schedulers.newSingle("elsewhere");
		List<String> threads = new CopyOnWriteArrayList<>();
		Set<Long> offsets = ConcurrentHashMap.newKeySet();
		ReactorKafkaEventSource source = new ReactorKafkaEventSource(KafkaReceiver.create(ReceiverOptions
			.<String, byte[]>create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
					ConsumerConfig.GROUP_ID_CONFIG, "source-threads",
					ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
					ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
					ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))
			.subscription(List.of(TOPIC))), (List<InboundRecord> batch) -> {
				threads.add(Thread.currentThread().getName());
				batch.forEach(record -> offsets.add(record.offset()));
				return Mono.delay(Duration.ofMillis(2), elsewhere).then();
			}, 50, Duration.ofMillis(5));
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

}
