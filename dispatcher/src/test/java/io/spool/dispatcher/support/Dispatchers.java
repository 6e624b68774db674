package io.spool.dispatcher.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.spool.dispatcher.DispatcherApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts real dispatcher instances, each a Spring application of its own, as separate replicas would be. */
public final class Dispatchers {

	private Dispatchers() {
	}

	public static ConfigurableApplicationContext start(String bootstrapServers, int databasePort, String database,
			String... extra) {
		Map<String, String> props = new LinkedHashMap<>(EmbeddedDatabase.properties(databasePort, database));
		props.put("server.port", "0");
		props.put("spring.kafka.bootstrap-servers", bootstrapServers);
		props.put("spool.dispatcher.retry-min-backoff", "50ms");
		props.put("spool.dispatcher.retry-max-backoff", "500ms");
		props.put("spool.dispatcher.commit-interval", "200ms");
		props.put("spring.r2dbc.pool.max-acquire-time", "2s");
		props.put("spring.r2dbc.pool.max-create-connection-time", "2s");
		props.put("logging.level.org.apache.kafka", "error");
		props.put("logging.level.kafka", "error");
		props.put("logging.level.io.zonky", "warn");
		props.put("logging.level.io.r2dbc.pool", "error");
		props.put("spring.main.banner-mode", "off");
		// As command-line arguments: they outrank the service's own defaults, as they would in production.
		List<String> args = new ArrayList<>();
		for (String e : extra) {
			int eq = e.indexOf('=');
			props.put(e.substring(0, eq), e.substring(eq + 1));
		}
		props.forEach((k, v) -> args.add("--" + k + "=" + v));
		return new SpringApplicationBuilder(DispatcherApplication.class).run(args.toArray(String[]::new));
	}

	/** Events this instance applied, by its own counter. */
	public static double applied(ConfigurableApplicationContext dispatcher) {
		return dispatcher.getBean(MeterRegistry.class)
			.find("spool.dispatcher.events")
			.tag("outcome", "applied")
			.counters()
			.stream()
			.mapToDouble(c -> c.count())
			.sum();
	}

}
