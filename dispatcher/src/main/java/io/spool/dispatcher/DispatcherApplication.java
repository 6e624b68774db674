package io.spool.dispatcher;

import java.util.Arrays;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.Replayer;
import io.spool.dispatcher.delivery.cli.ReplayCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The dispatcher service: consumes {@code spool.events.v1}, applies every event exactly once to printer, job,
 * queue and product state in PostgreSQL, publishes the new state to {@code spool.state.v1}, delivers events to
 * subscribers and serves the read API and the live stream.
 * <p>
 * {@code java -jar spool-dispatcher.jar replay …} instead runs the dead-letter replay and exits, without a web
 * server and without consuming anything (see {@link ReplayCommand}).
 * <p>
 * Its defaults live in {@code spool-dispatcher-defaults.properties} (lowest precedence), so that the
 * standalone can run it beside the ingest in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:spool-dispatcher-defaults.properties")
public class DispatcherApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("replay")) {
			System.exit(replay(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(DispatcherApplication.class, args);
	}

	/** Runs one replay and returns the exit code. */
	public static int replay(String... args) {
		SpringApplication application = new SpringApplication(DispatcherApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] all = Arrays.copyOf(args, args.length + 2);
		all[args.length] = "--spool.dispatcher.mode=replay";
		all[args.length + 1] = "--spring.main.banner-mode=off";
		try (ConfigurableApplicationContext context = application.run(all)) {
			return SpringApplication.exit(context);
		}
	}

	@Bean
	@ConditionalOnProperty(name = "spool.dispatcher.mode", havingValue = "replay")
	ReplayCommand replayCommand(Replayer replayer, JsonCodec codec) {
		return new ReplayCommand(replayer, codec);
	}

}
