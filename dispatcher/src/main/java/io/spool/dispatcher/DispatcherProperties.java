package io.spool.dispatcher;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatcher's own settings, {@code spool.dispatcher.*}. The consumer group is the standard
 * {@code spring.kafka.consumer.group-id} (default {@code spool-dispatcher}).
 *
 * @param batchSize the most records of one lane applied in one transaction: larger batches mean fewer
 * commits and more throughput, at the price of more work redone after a crash
 * @param batchWait how long a lane waits to fill a batch before applying what it has; bounds the latency
 * the batching adds
 * @param lanes how many batches are applied at once: partition {@code p} of the events topic is applied in lane
 * {@code p mod lanes}, so that each partition stays in order while one batch may hold several partitions' events
 * (one transaction for the events of all of them, not one per partition)
 * @param retryMinBackoff first wait before retrying a transaction the database could not take
 * @param retryMaxBackoff longest wait between such retries; they go on until the database is back
 * @param commitInterval how often acknowledged offsets are committed to Kafka
 */
@ConfigurationProperties("spool.dispatcher")
@Validated
public record DispatcherProperties(@Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
		@DefaultValue("10ms") Duration batchWait, @Min(1) @Max(64) @DefaultValue("2") int lanes,
		@DefaultValue("100ms") Duration retryMinBackoff,
		@DefaultValue("5s") Duration retryMaxBackoff, @DefaultValue("1s") Duration commitInterval) {

}
