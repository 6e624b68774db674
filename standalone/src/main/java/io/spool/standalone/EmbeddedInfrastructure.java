package io.spool.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.spool.standalone.kafka.EmbeddedKafkaBroker;
import io.spool.standalone.postgres.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded broker and PostgreSQL when the standalone's parent context is created, points the
 * services at them through the environment they inherit ({@code spring.kafka.bootstrap-servers},
 * {@code spring.r2dbc.*}, {@code spring.flyway.*}), and stops them, after the services, when the context closes.
 */
public final class EmbeddedInfrastructure implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	static final String PROPERTY_SOURCE = "spoolStandaloneInfrastructure";

	private final Path dataDir;

	private final boolean temporary;

	private final EmbeddedKafkaBroker kafka;

	private final EmbeddedPostgresServer postgres;

	public EmbeddedInfrastructure(StandaloneProperties properties, ConfigurableEnvironment environment)
			throws IOException {
		this.temporary = properties.dataDir().isBlank();
		this.dataDir = temporary ? Files.createTempDirectory("spool-standalone-") : Path.of(properties.dataDir());
		this.postgres = EmbeddedPostgresServer.start(properties.postgresPort(), dataDir.resolve("postgres"));
		this.kafka = EmbeddedKafkaBroker.start(properties.kafkaPort(), dataDir.resolve("kafka"));
		String r2dbc = "r2dbc:postgresql://localhost:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE;
		String jdbc = "jdbc:postgresql://localhost:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE;
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE,
					Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(), "spring.r2dbc.url", r2dbc,
							"spring.r2dbc.username", EmbeddedPostgresServer.USER, "spring.r2dbc.password", "postgres",
							"spring.flyway.url", jdbc, "spring.flyway.user", EmbeddedPostgresServer.USER,
							"spring.flyway.password", "postgres")));
	}

	@Override
	public void destroy() {
		kafka.close();
		try {
			postgres.close();
		}
		catch (IOException ex) {
			log.warn("PostgreSQL did not stop cleanly: {}", ex.toString());
		}
		if (temporary) {
			deleteRecursively(dataDir);
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("could not delete {}: {}", dir, ex.toString());
		}
	}

}
