package io.spool.dispatcher.delivery.r2dbc;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.DeliveryWork;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Sql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery store's writes against a real PostgreSQL: what each step of a delivery costs in row versions,
 * which is what bounds the delivery rate (docs/benchmarks.md, "Deliveries, third round").
 */
class PostgresDeliveryStoreIT {

	private static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-0000000000e1");

	private static final UUID DELIVERY = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

	private Sql sql;

	private PostgresDeliveryStore store;

	@BeforeEach
	void database() throws Exception {
		String name = EmbeddedDatabase.createDatabase();
		DataSource dataSource = EmbeddedDatabase.shared().getDatabase("postgres", name);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		sql = new Sql(dataSource);
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("""
					insert into event_log (id, source, source_event_id, type, processed, payload)
					values ('%s', 'simpleprint', 'a-1', 'job.started', true, '{}');
					insert into delivery_bodies (event_id, format, body) values ('%s', 'cloudevents', '{"the":"body"}');
					insert into deliveries (id, job_id, target_url, format, event_id, event_type, status)
					values ('%s', 'job-1', 'http://receiver.example/hook', 'cloudevents', '%s', 'job.started', 'pending');
					""".formatted(EVENT, EVENT, DELIVERY, EVENT));
		}
		DatabaseClient db = DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions
			.parse("r2dbc:postgresql://localhost:" + EmbeddedDatabase.shared().getPort() + "/" + name)
			.mutate()
			.option(ConnectionFactoryOptions.USER, "postgres")
			.option(ConnectionFactoryOptions.PASSWORD, "postgres")
			.build()));
		store = new PostgresDeliveryStore(db, JsonCodec.standard());
	}

	@AfterEach
	void closeStore() {
		store.close();
	}

	/** The row's version: a transaction id that changes with every update of the row. */
	private String rowVersion() {
		return sql.text("select xmin::text from deliveries where id = '" + DELIVERY + "'");
	}

	private String status() {
		return sql.text("select status from deliveries where id = '" + DELIVERY + "'");
	}

	@Test
	void claimingADueDeliveryReadsWhatSendingNeedsAndWritesNothing() {
		String before = rowVersion();

		DeliveryWork work = store.claim(DELIVERY).block(Duration.ofSeconds(10));

		assertThat(work).isNotNull();
		assertThat(work.body()).isEqualTo("{\"the\":\"body\"}");
		assertThat(work.url()).isEqualTo("http://receiver.example/hook");
		assertThat(status()).isEqualTo("pending");
		assertThat(rowVersion()).as("no row version written by the claim").isEqualTo(before);
	}

	@Test
	void aDeliverySentAtItsFirstAttemptIsUpdatedOnceAndIsNotDueAnyMore() {
		String before = rowVersion();
		store.claim(DELIVERY).block(Duration.ofSeconds(10));

		store.markSent(DELIVERY, AttemptResult.ofStatus(200, "ok", null, Duration.ofMillis(3)), Instant.now(), 3)
			.block(Duration.ofSeconds(10));

		assertThat(status()).isEqualTo("sent");
		assertThat(sql.count("select count(*) from delivery_attempts where delivery_id = '" + DELIVERY + "'")).isOne();
		assertThat(rowVersion()).isNotEqualTo(before);
		assertThat(store.claim(DELIVERY).blockOptional(Duration.ofSeconds(10))).as("a sent delivery is not due").isEmpty();
	}

	@Test
	void aFailedAttemptMakesTheDeliveryProcessingSoThatAnotherCopyOfItsTaskIsNotSentMeanwhile() {
		store.claim(DELIVERY).block(Duration.ofSeconds(10));

		store.recordAttempt(DELIVERY, AttemptResult.ofStatus(503, "busy", null, Duration.ofMillis(3)), Instant.now())
			.block(Duration.ofSeconds(10));

		assertThat(status()).isEqualTo("processing");
		assertThat(store.claim(DELIVERY).blockOptional(Duration.ofSeconds(10))).isEmpty();
		store.markFailed(DELIVERY, Instant.now().minusSeconds(1)).block(Duration.ofSeconds(10));
		assertThat(store.claim(DELIVERY).blockOptional(Duration.ofSeconds(10))).as("its retry time has come")
			.isPresent();
	}

	@Test
	void aClaimGivenBackWithoutAnAttemptIsRetriedSoon() {
		store.claim(DELIVERY).block(Duration.ofSeconds(10));

		store.release(DELIVERY).block(Duration.ofSeconds(10));

		assertThat(status()).isEqualTo("failed");
		assertThat(sql.count("select count(*) from deliveries where next_retry_at <= now() + interval '2 seconds'"))
			.isOne();
	}

}
