package io.spool.dispatcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The dispatcher service: consumes {@code spool.events.v1}, applies every event exactly once to printer, job,
 * queue and product state in PostgreSQL, publishes the new state to {@code spool.state.v1} and serves the read
 * API and the live stream.
 * <p>
 * Its defaults live in {@code spool-dispatcher-defaults.properties} (lowest precedence), so that the
 * standalone can run it beside the ingest in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:spool-dispatcher-defaults.properties")
public class DispatcherApplication {

	public static void main(String[] args) {
		SpringApplication.run(DispatcherApplication.class, args);
	}

}
