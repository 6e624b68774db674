package io.spool.dispatcher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's embedded binaries) started once per test JVM; each test class gets a database of
 * its own on it.
 */
public final class EmbeddedDatabase {

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgres shared;

	private EmbeddedDatabase() {
	}

	public static synchronized EmbeddedPostgres shared() {
		if (shared == null) {
			try {
				shared = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					shared.close();
				}
				catch (IOException ignored) {
					// the JVM is going away
				}
			}));
		}
		return shared;
	}

	/** A fresh, empty database on the shared server. */
	public static String createDatabase() {
		String name = "spool_test_" + counter.incrementAndGet() + "_" + ProcessHandle.current().pid();
		execute(shared(), "create database " + name);
		return name;
	}

	public static void execute(EmbeddedPostgres server, String sql) {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The Spring Boot keys that point a dispatcher at {@code database} on {@code port}. */
	public static Map<String, String> properties(int port, String database) {
		return Map.of("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + port + "/" + database,
				"spring.r2dbc.username", "postgres", "spring.r2dbc.password", "postgres", "spring.flyway.url",
				"jdbc:postgresql://localhost:" + port + "/" + database, "spring.flyway.user", "postgres",
				"spring.flyway.password", "postgres");
	}

}
