package io.spool.dispatcher.delivery.r2dbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.DeliveryWork;
import io.spool.dispatcher.delivery.PendingDelivery;
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

	private DataSource dataSource;

	private PostgresDeliveryStore store;

	@BeforeEach
	void database() throws Exception {
		String name = EmbeddedDatabase.createDatabase();
		dataSource = EmbeddedDatabase.shared().getDatabase("postgres", name);
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
			.parse("r2dbc:postgresql://localhost:" + EmbeddedDatabase.shared().getPort() + "/" + name
				+ "?forceBinary=true") // binary results, as the dispatcher reads them
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
		assertThat(sql.count("select count(*) from delivery_attempts where delivery_id = '" + DELIVERY + "'"))
			.as("the successful attempt is on the delivery's row, not a row of its own").isZero();
		assertThat(rowVersion()).isNotEqualTo(before);
		assertThat(store.claim(DELIVERY).blockOptional(Duration.ofSeconds(10))).as("a sent delivery is not due").isEmpty();
	}

	@Test
	void theAttemptLogShowsTheFailedAttemptsThenTheSuccessfulOneKeptOnTheDeliverysRow() {
		Instant failedAt = Instant.parse("2026-11-24T10:00:00Z");
		Instant sentAt = Instant.parse("2026-11-24T10:00:01Z");
		store.recordAttempt(DELIVERY, AttemptResult.ofStatus(503, "busy", null, Duration.ofMillis(7)), failedAt)
			.block(Duration.ofSeconds(10));
		store.markSent(DELIVERY, AttemptResult.ofStatus(200, "ok", null, Duration.ofMillis(3)), sentAt, 1005)
			.block(Duration.ofSeconds(10));

		var log = store.view(DELIVERY).block(Duration.ofSeconds(10)).path("attemptLog");

		assertThat(log).hasSize(2);
		assertThat(log.get(0).path("responseCode").asInt()).isEqualTo(503);
		assertThat(log.get(0).path("durationMs").asLong()).isEqualTo(7);
		assertThat(log.get(1).path("attemptedAt").asString()).isEqualTo(sentAt.toString());
		assertThat(log.get(1).path("responseCode").asInt()).isEqualTo(200);
		assertThat(log.get(1).path("responseBody").asString()).isEqualTo("ok");
		assertThat(log.get(1).path("durationMs").asLong()).as("the attempt's own duration, not the delivery's 1005 ms")
			.isEqualTo(3);
		assertThat(log.get(1).path("errorType").isNull()).isTrue();
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

	@Test
	void aTargetsPendingDeliveriesAreReadOldestFirstAPageAtATimeAfterWhereTheLastPageEnded() throws Exception {
		UUID subscription = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
		UUID other = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("""
					insert into subscriptions (id, url, event_types) values
					    ('%1$s', 'http://a.example/hook', '{job.started}'),
					    ('%2$s', 'http://b.example/hook', '{job.started}');
					insert into deliveries (id, subscription_id, job_id, target_url, format, event_id, event_type,
					    status, updated_at)
					select ('00000000-0000-0000-0000-' || lpad(to_hex(n), 12, '0'))::uuid,
					    case when n %% 3 = 0 then '%2$s'::uuid else '%1$s'::uuid end, 'job-2',
					    'http://a.example/hook', 'cloudevents', '%3$s', 'job.started',
					    case when n %% 5 = 0 then 'sent' else 'pending' end,
					    timestamptz '2026-11-24 10:00:00+00' + (20 - n) * interval '1 second'
					from generate_series(1, 20) n;
					""".formatted(subscription, other, EVENT));
		}
		// subscription a: n not a multiple of 3, pending unless a multiple of 5; oldest first is the highest n
		List<Integer> expected = List.of(19, 17, 16, 14, 13, 11, 8, 7, 4, 2, 1);

		List<PendingDelivery> first = store.pending(subscription.toString(), PendingDelivery.START, 4)
			.collectList()
			.block(Duration.ofSeconds(10));
		List<PendingDelivery> rest = store.pending(subscription.toString(), first.get(3), 100)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(first).extracting(row -> (int) row.id().getLeastSignificantBits())
			.containsExactlyElementsOf(expected.subList(0, 4));
		assertThat(rest).extracting(row -> (int) row.id().getLeastSignificantBits())
			.containsExactlyElementsOf(expected.subList(4, expected.size()));
		assertThat(first.get(0).since()).isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
		// a job's own webhook is its own target; the job's deliveries through a subscription are not
		assertThat(store.pending("job/job-1", PendingDelivery.START, 10).collectList().block(Duration.ofSeconds(10)))
			.extracting(PendingDelivery::id)
			.containsExactly(DELIVERY);
		assertThat(store.pending("job/job-2", PendingDelivery.START, 10).collectList().block(Duration.ofSeconds(10)))
			.isEmpty();
		assertThat(store.pending("not-a-target", PendingDelivery.START, 10).collectList().block(Duration.ofSeconds(10)))
			.isEmpty();
	}

	@Test
	void readingATargetsPendingDeliveriesUsesItsOwnIndex() throws Exception {
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("set enable_seqscan = off");
			var plan = new StringBuilder();
			for (String target : List.of("subscription_id = '00000000-0000-0000-0000-0000000000a1'",
					"subscription_id is null and job_id = 'job-1'")) {
				try (var rows = statement.executeQuery("explain select id, updated_at from deliveries "
						+ "where status = 'pending' and " + target + " and (updated_at, id) > "
						+ "('1970-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000') order by updated_at, id limit 10")) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
			}
			assertThat(plan.toString()).contains("deliveries_pending_per_subscription", "deliveries_pending_per_job")
				.doesNotContain("Sort");
		}
	}

	/**
	 * A queue table's statistics are usually taken while little is pending. With "is due" as a condition of the
	 * claim, such a planner read the whole pending backlog through the partial index of pending deliveries and
	 * filtered it by id: 22 ms per claim on average under a backlog of 40,000, up to 7 s.
	 */
	@Test
	void aClaimReadsItsDeliveriesByKeyEvenWhenTheStatisticsSayNothingIsPending() throws Exception {
		List<String> ids = new ArrayList<>();
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("""
					alter table deliveries set (autovacuum_enabled = false);
					insert into deliveries (id, job_id, target_url, format, event_id, event_type, status)
					select gen_random_uuid(), 'job-' || n, 'http://receiver.example/hook', 'cloudevents', '%s',
					    'job.started', 'sent'
					from generate_series(1, 20000) n;
					analyze deliveries;
					update deliveries set status = 'pending';
					""".formatted(EVENT));
			try (var rows = statement.executeQuery("select id from deliveries order by id limit 256")) {
				while (rows.next()) {
					ids.add(rows.getString(1));
				}
			}
			statement.execute("prepare claim(text) as " + PostgresDeliveryStore.CLAIM);
			for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
				statement.execute("set plan_cache_mode = " + mode);
				StringBuilder plan = new StringBuilder();
				try (var rows = statement.executeQuery("explain execute claim('{" + String.join(",", ids) + "}')")) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				assertThat(plan.toString()).as(mode)
					.contains("deliveries_pkey")
					.doesNotContain("deliveries_pending", "Seq Scan on deliveries");
			}
		}
		assertThat(store.claim(UUID.fromString(ids.get(0))).blockOptional(Duration.ofSeconds(10))).isPresent();
	}

	@Test
	void thePollerTellsALostPendingDeliveryFromADueRetryOrAStuckOne() throws Exception {
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("""
					update deliveries set updated_at = now() - interval '2 minutes' where id = '%1$s';
					insert into deliveries (id, job_id, target_url, format, event_id, event_type, status, next_retry_at,
					    updated_at)
					values ('00000000-0000-0000-0000-0000000000d2', 'job-1', 'http://receiver.example/hook',
					        'cloudevents', '%2$s', 'job.started', 'failed', now() - interval '1 second', now()),
					       ('00000000-0000-0000-0000-0000000000d3', 'job-1', 'http://receiver.example/hook',
					        'cloudevents', '%2$s', 'job.started', 'processing', null, now() - interval '2 minutes');
					""".formatted(DELIVERY, EVENT));
		}

		var due = store.due(Instant.now(), Duration.ofSeconds(30), Duration.ofSeconds(60), 500)
			.collectMap(task -> task.deliveryId().toString().substring(34), task -> task.leftBehind())
			.block(Duration.ofSeconds(10));

		assertThat(due).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("d1", true, "d2", false, "d3", false));
	}

}
