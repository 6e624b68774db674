package io.spool.ingest.webhook.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.spool.common.event.CloudEvent;
import io.spool.common.event.Topics;
import io.spool.common.json.JsonCodec;
import io.spool.common.trace.TraceParent;
import io.spool.ingest.webhook.PublishFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.test.StepVerifier;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest's Kafka adapter against a real (embedded) broker, and against one that is not there. */
class ReactorKafkaEventPublisherIT {

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

	private static ReactorKafkaEventPublisher publisher(Map<String, Object> props, String topic) {
		return new ReactorKafkaEventPublisher(
				KafkaSender.create(SenderOptions.<String, byte[]>create(props).stopOnError(false)), topic,
				JsonCodec.standard());
	}

	@Test
	void completesOnceTheBrokerHasTheRecordWithTheSubjectAsKeyAndTheCloudEventsHeaders() {
		String topic = newTopic();
		String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		try (ReactorKafkaEventPublisher publisher = publisher(producerProps(), topic)) {
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
	void failsWithPublishFailedWhenTheBrokerRefusesTheRecord() {
		Map<String, Object> props = producerProps();
		props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 200); // smaller than any CloudEvent
		try (ReactorKafkaEventPublisher publisher = publisher(props, newTopic())) {
			StepVerifier.create(publisher.publish(event(1, null)))
				.expectError(PublishFailedException.class)
				.verify(Duration.ofSeconds(30));
		}
	}

	/**
	 * {@code send} blocks its caller for up to {@code max.block.ms} while there is no metadata for the topic: the
	 * publisher must never call it on the caller's thread, an event loop (a change that did was reverted after
	 * {@code KafkaOutageIT} failed; docs/benchmarks.md, "Ingest, third round").
	 */
	@Test
	void neverBlocksTheCallerWhileTheProducerWaitsForABrokerThatIsNotThere() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort(); // free again once closed: nothing listens there
		}
		Map<String, Object> props = producerProps();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
		props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
		try (ReactorKafkaEventPublisher publisher = publisher(props, "nowhere")) {
			List<Mono<Void>> answers = new ArrayList<>();
			long started = System.nanoTime();
			for (int i = 0; i < 20; i++) { // subscribing is where a blocking send would be called
				Mono<Void> answer = publisher.publish(event(i, null)).timeout(Duration.ofMillis(500)).cache();
				answer.subscribe(v -> { }, ex -> { });
				answers.add(answer);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
			for (Mono<Void> answer : answers) {
				StepVerifier.create(answer).expectError(TimeoutException.class).verify(Duration.ofSeconds(5));
			}
		}
	}

}
