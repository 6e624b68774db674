package io.spool.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The ingest service: accepts webhooks, verifies them on their raw bytes, normalizes them into CloudEvents and
 * answers only once Kafka holds the event.
 * <p>
 * Its defaults live in {@code spool-ingest-defaults.properties} rather than in an {@code application.yml}, so
 * that the standalone can run it beside the dispatcher in one JVM without the two services' files hiding each
 * other; any {@code application.yml} or environment variable still overrides them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:spool-ingest-defaults.properties")
public class IngestApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngestApplication.class, args);
	}

}
