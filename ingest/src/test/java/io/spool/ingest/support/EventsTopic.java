package io.spool.ingest.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.spool.common.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code spool.events.v1} from a real broker for assertions: {@link #mark()} remembers the end of every
 * partition, {@link #since()} returns what was appended after the mark, {@link #countSince()} how much.
 */
public final class EventsTopic implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final List<TopicPartition> partitions;

	private Map<TopicPartition, Long> mark;

	public EventsTopic(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
				false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new StringDeserializer());
		this.partitions = consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(10))
			.stream()
			.map(p -> new TopicPartition(p.topic(), p.partition()))
			.toList();
		consumer.assign(partitions);
		mark();
	}

	public void mark() {
		this.mark = consumer.endOffsets(partitions, Duration.ofSeconds(10));
	}

	/** Records appended since the mark; everything acknowledged is already readable, so no waiting. */
	public long countSince() {
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
		return end.entrySet().stream().mapToLong(e -> e.getValue() - mark.get(e.getKey())).sum();
	}

	/** Every record appended since the mark. */
	public List<ConsumerRecord<String, String>> since() {
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
		mark.forEach(consumer::seek);
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!reached(end) && System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(200)).forEach(records::add);
		}
		return records;
	}

	private boolean reached(Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		consumer.close();
	}

}
