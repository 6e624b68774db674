package io.spool.ingest;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.webhook.EventPublisher;
import io.spool.ingest.webhook.IngestMetrics;
import io.spool.ingest.webhook.IngestService;
import io.spool.ingest.webhook.source.IngestProperties;
import io.spool.ingest.webhook.source.SourceRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the webhook feature's core to its adapters. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	SourceRegistry sourceRegistry(IngestProperties properties) {
		return new SourceRegistry(properties.sources());
	}

	@Bean
	IngestMetrics ingestMetrics(MeterRegistry registry) {
		return new IngestMetrics(registry);
	}

	@Bean
	IngestService ingestService(SourceRegistry sources, EventPublisher publisher, JsonCodec codec,
			IngestMetrics metrics, Clock clock, IngestProperties properties) {
		return new IngestService(sources, publisher, codec, metrics, clock, properties.maxBodySize().toBytes(),
				properties.publishTimeout(), properties.retryAfter());
	}

}
