package io.spool.standalone;

import io.spool.ingest.IngestApplication;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The embedded default (CONTRACT §4): one JVM with a real KRaft Kafka broker and the ingest on 8080. A parent
 * context owns the infrastructure; each service runs as its own child context with its own web server, its
 * own metrics and its own health, exactly as it would alone. SIGTERM closes the services first (gracefully),
 * then the broker.
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
		run(args);
	}

	/** Starts everything and returns the ingest's context; closing it closes the whole standalone. */
	public static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(StandaloneApplication.class).web(WebApplicationType.NONE)
			.child(IngestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.run(args);
	}

}
