package io.spool.standalone.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's embedded binaries) run as a child process of this JVM, with a
 * {@code spool} database. A data directory that holds a database already is reused as it is.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	public static final String DATABASE = "spool";

	public static final String USER = "postgres";

	private final EmbeddedPostgres server;

	private EmbeddedPostgresServer(EmbeddedPostgres server) {
		this.server = server;
	}

	public static EmbeddedPostgresServer start(int port, Path dataDir) throws IOException {
		long started = System.nanoTime();
		Files.createDirectories(dataDir);
		EmbeddedPostgres server = EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.start();
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
				if (!exists.next()) {
					statement.execute("create database " + DATABASE);
				}
			}
		}
		catch (SQLException ex) {
			server.close();
			throw new IOException("could not create the " + DATABASE + " database", ex);
		}
		log.info("PostgreSQL started on localhost:{} in {} ms (data in {})", port,
				(System.nanoTime() - started) / 1_000_000, dataDir);
		return new EmbeddedPostgresServer(server);
	}

	public int port() {
		return server.getPort();
	}

	@Override
	public void close() throws IOException {
		server.close();
		log.info("PostgreSQL stopped");
	}

}
