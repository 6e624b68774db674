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
 * @param batchSize the most records of one partition applied in one transaction: larger batches mean fewer
 * commits and more throughput, at the price of more work redone after a crash
 * @param batchWait how long a partition waits to fill a batch before applying what it has; bounds the latency
 * the batching adds
 * @param retryMinBackoff first wait before retrying a transaction the database could not take
 * @param retryMaxBackoff longest wait between such retries; they go on until the database is back
 * @param commitInterval how often acknowledged offsets are committed to Kafka
 */
@ConfigurationProperties("spool.dispatcher")
@Validated
public record DispatcherProperties(@Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
		@DefaultValue("10ms") Duration batchWait, @DefaultValue("100ms") Duration retryMinBackoff,
		@DefaultValue("5s") Duration retryMaxBackoff, @DefaultValue("1s") Duration commitInterval) {

}
