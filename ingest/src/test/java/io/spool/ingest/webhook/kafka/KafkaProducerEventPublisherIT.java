package io.spool.ingest.webhook.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.trace.TraceParent;
import io.spool.ingest.webhook.PublishFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest's Kafka adapter against a real (embedded) broker. */
class KafkaProducerEventPublisherIT {

	private static EmbeddedKafkaKraftBroker broker;

	private static final AtomicInteger TOPICS = new AtomicInteger();

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 3);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	private static Map<String, Object> producerProps() {
		Map<String, Object> props = new HashMap<>();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.LINGER_MS_CONFIG, 50); // records wait in the producer: close must flush them
		return props;
	}

	private static String newTopic() {
		String topic = "publisher-" + TOPICS.incrementAndGet();
		broker.addTopics(topic);
		return topic;
	}

	private static CloudEvent event(int i, String traceparent) {
		Instant now = Instant.parse("2026-11-25T00:00:00Z");
		return new CloudEvent(CloudEvent.SPEC_VERSION, "id-" + i, "/sources/simpleprint", "job.progress", "job/j" + i,
				now, CloudEvent.JSON, JsonCodec.standard().object().put("n", i), "e" + i, "job.progress", now,
				traceparent);
	}

	private static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
		Map<String, Object> props = new HashMap<>();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (records.size() < expected && System.nanoTime() < until) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	@Test
	void completesOnceTheBrokerHasTheRecordWithTheSubjectAsKeyAndTheCloudEventsHeaders() {
		String topic = newTopic();
		Map<String, Object> props = producerProps();
		String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		try (KafkaProducerEventPublisher publisher = new KafkaProducerEventPublisher(() -> new KafkaProducer<>(props),
				topic, JsonCodec.standard(), Duration.ofSeconds(5))) {
			StepVerifier.create(publisher.publish(event(1, trace))).expectComplete().verify(Duration.ofSeconds(30));
		}
		List<ConsumerRecord<String, byte[]>> records = read(topic, 1);
		assertThat(records).hasSize(1);
		ConsumerRecord<String, byte[]> record = records.get(0);
		assertThat(record.key()).isEqualTo("job/j1");
		assertThat(JsonCodec.standard().readTree(record.value()).path("id").asString()).isEqualTo("id-1");
		assertThat(new String(record.headers().lastHeader(Topics.CONTENT_TYPE_HEADER).value(), StandardCharsets.UTF_8))
			.isEqualTo(Topics.CLOUDEVENTS_JSON);
		assertThat(new String(record.headers().lastHeader(TraceParent.HEADER).value(), StandardCharsets.UTF_8))
			.isEqualTo(trace);
	}

	@Test
	void aProducerThatCouldNotBeCreatedIsTriedAgainAtTheNextEvent() {
		String topic = newTopic();
		Map<String, Object> props = producerProps();
		AtomicInteger attempts = new AtomicInteger();
		Supplier<Producer<String, byte[]>> factory = () -> {
			if (attempts.incrementAndGet() == 1) {
				throw new KafkaException("No resolvable bootstrap urls"); // as Kafka says when DNS is not there yet
			}
			return new KafkaProducer<>(props);
		};
		try (KafkaProducerEventPublisher publisher = new KafkaProducerEventPublisher(factory, topic,
				JsonCodec.standard(), Duration.ofSeconds(5))) {
			StepVerifier.create(publisher.publish(event(1, null)))
				.expectError(PublishFailedException.class)
				.verify(Duration.ofSeconds(10));
			StepVerifier.create(publisher.publish(event(2, null))).expectComplete().verify(Duration.ofSeconds(30));
		}
		assertThat(attempts).hasValue(2);
		assertThat(read(topic, 1)).extracting(ConsumerRecord::key).containsExactly("job/j2");
	}

	@Test
	void closingLetsTheRecordsInFlightLandAndThenRefusesWithPublishFailed() {
		String topic = newTopic();
		Map<String, Object> props = producerProps();
		KafkaProducerEventPublisher publisher = new KafkaProducerEventPublisher(() -> new KafkaProducer<>(props), topic,
				JsonCodec.standard(), Duration.ofSeconds(10));
		// the producer exists, then 50 events are sent and the publisher closed before they are acknowledged
		StepVerifier.create(publisher.publish(event(0, null))).expectComplete().verify(Duration.ofSeconds(30));
		List<Mono<Void>> inFlight = new ArrayList<>();
		for (int i = 1; i <= 50; i++) {
			Mono<Void> acknowledged = publisher.publish(event(i, null)).cache();
			acknowledged.subscribe(v -> { }, ex -> { });
			inFlight.add(acknowledged);
		}
		publisher.close();
		StepVerifier.create(Flux.concat(inFlight)).expectComplete().verify(Duration.ofSeconds(5));
		StepVerifier.create(publisher.publish(event(99, null)))
			.expectError(PublishFailedException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(read(topic, 51)).hasSize(51);
	}

}
