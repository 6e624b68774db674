package io.spool.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
		// The two servers start side by side: each spends most of its start-up waiting on its own process or
		// log recovery, and together they are most of the standalone's time to ready.
		CompletableFuture<EmbeddedPostgresServer> pg = CompletableFuture.supplyAsync(() -> {
			try {
				return EmbeddedPostgresServer.start(properties.postgresPort(), dataDir.resolve("postgres"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, runnable -> new Thread(runnable, "spool-postgres-start").start());
		try {
			this.kafka = EmbeddedKafkaBroker.start(properties.kafkaPort(), dataDir.resolve("kafka"));
		}
		catch (IOException | RuntimeException ex) {
			pg.thenAccept(EmbeddedInfrastructure::closeQuietly);
			throw ex;
		}
		this.postgres = awaitPostgres(pg);
		String r2dbc = "r2dbc:postgresql://localhost:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE;
		String jdbc = "jdbc:postgresql://localhost:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE;
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE,
					Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(), "spring.r2dbc.url", r2dbc,
							"spring.r2dbc.username", EmbeddedPostgresServer.USER, "spring.r2dbc.password", "postgres",
							"spring.flyway.url", jdbc, "spring.flyway.user", EmbeddedPostgresServer.USER,
							"spring.flyway.password", "postgres")));
	}

	private EmbeddedPostgresServer awaitPostgres(CompletableFuture<EmbeddedPostgresServer> pg) throws IOException {
		try {
			return pg.join();
		}
		catch (CompletionException ex) {
			kafka.close();
			if (ex.getCause() instanceof UncheckedIOException io) {
				throw io.getCause();
			}
			throw ex.getCause() instanceof RuntimeException runtime ? runtime : ex;
		}
	}

	private static void closeQuietly(EmbeddedPostgresServer server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			log.warn("PostgreSQL did not stop cleanly: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		kafka.close();
		closeQuietly(postgres);
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
