package io.spool.support.kafka;

import io.spool.common.event.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Spool's topics, {@code spool.topics.*}: names, partitions, replication and compaction. Every key may be set
 * alone; what is unset keeps the contract's default.
 *
 * @param create whether missing topics are created at start-up
 * @param events {@code spool.events.v1}
 * @param state {@code spool.state.v1}, compacted by default
 * @param deliveries {@code spool.deliveries.v1}
 * @param deadLetters {@code spool.deliveries.dlt.v1}
 */
@ConfigurationProperties("spool.topics")
public record TopicsProperties(@DefaultValue("true") boolean create, Topic events, Topic state, Topic deliveries,
		Topic deadLetters) {

	public TopicsProperties {
		events = Topic.withDefaults(events, Topics.EVENTS, false);
		state = Topic.withDefaults(state, Topics.STATE, true);
		deliveries = Topic.withDefaults(deliveries, Topics.DELIVERIES, false);
		deadLetters = Topic.withDefaults(deadLetters, Topics.DELIVERIES_DLT, false);
	}

	/**
	 * One topic.
	 *
	 * @param name the topic name
	 * @param partitions the unit of parallelism downstream (default 6)
	 * @param replicationFactor copies of each partition (default 1; 3 in production)
	 * @param compacted whether only the latest record per key is kept
	 */
	public record Topic(String name, Integer partitions, Short replicationFactor, Boolean compacted) {

		static Topic withDefaults(Topic given, String name, boolean compacted) {
			Topic t = given == null ? new Topic(null, null, null, null) : given;
			return new Topic(t.name() == null || t.name().isBlank() ? name : t.name(),
					t.partitions() == null ? 6 : t.partitions(),
					t.replicationFactor() == null ? 1 : t.replicationFactor(),
					t.compacted() == null ? compacted : t.compacted());
		}

	}

}
