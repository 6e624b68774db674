package io.spool.ingest.webhook.source;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The ingest's own settings, {@code spool.ingest.*}.
 *
 * @param maxBodySize the largest body accepted; larger ones get {@code 413} before they are read whole
 * @param publishTimeout how long a request may wait for Kafka's acknowledgement before it is answered
 * {@code 503}: a sender is never left hanging on an outage
 * @param retryAfter the {@code Retry-After} given with {@code 503} and {@code 429}
 * @param sources the configured senders, by the name used in {@code /api/v1/webhooks/{source}}
 */
@ConfigurationProperties("spool.ingest")
@Validated
public record IngestProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("5s") Duration publishTimeout,
		@DefaultValue("5s") Duration retryAfter, @DefaultValue Map<String, @Valid SourceProperties> sources) {

}
