package io.spool.standalone;

import io.spool.dispatcher.DispatcherApplication;
import io.spool.ingest.IngestApplication;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The embedded default (CONTRACT §4): one JVM with a real KRaft Kafka broker, a real PostgreSQL, the ingest on
 * 8080 and the dispatcher on 8081. A parent context owns the infrastructure; each service runs as its own
 * child context with its own web server, its own metrics and its own health, exactly as it would alone.
 * SIGTERM closes the services first (gracefully, as children of the parent), then the broker and the database.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(StandaloneProperties.class)
public class StandaloneApplication {

	@Bean
	EmbeddedInfrastructure embeddedInfrastructure(StandaloneProperties properties, ConfigurableEnvironment env)
			throws Exception {
		return new EmbeddedInfrastructure(properties, env);
	}

	public static void main(String[] args) {
		Standalone standalone = run(args);
		if (standalone.infrastructure().getBean(StandaloneProperties.class).exitWhenReady()) {
			standalone.close();
			System.exit(0);
		}
	}

	/** The three contexts of a running standalone; closing it stops everything, services first. */
	public record Standalone(ConfigurableApplicationContext infrastructure, ConfigurableApplicationContext ingest,
			ConfigurableApplicationContext dispatcher) implements AutoCloseable {

		@Override
		public void close() {
			dispatcher.close();
			ingest.close();
			infrastructure.close();
		}

	}

	/** Starts the infrastructure, then the ingest, then the dispatcher; every {@code spool.*} key applies. */
	public static Standalone run(String... args) {
		ConfigurableApplicationContext infrastructure = new SpringApplicationBuilder(StandaloneApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		ConfigurableApplicationContext ingest = new SpringApplicationBuilder(IngestApplication.class)
			.parent(infrastructure)
			.web(WebApplicationType.REACTIVE)
			.run(args);
		ConfigurableApplicationContext dispatcher = new SpringApplicationBuilder(DispatcherApplication.class)
			.parent(infrastructure)
			.web(WebApplicationType.REACTIVE)
			.run(args);
		return new Standalone(infrastructure, ingest, dispatcher);
	}

}
