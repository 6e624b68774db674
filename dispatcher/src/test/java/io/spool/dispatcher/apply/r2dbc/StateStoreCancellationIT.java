package io.spool.dispatcher.apply.r2dbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.EventInterpreter;
import io.spool.dispatcher.apply.EventPlan;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.Sql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch is applied whole or not at all even when whoever asked for it goes away in the middle: the dispatcher
 * stopping or its consumer restarting cancels the batch it was applying. A cancelled reactive transaction can
 * commit part of its work (Spring's R2DBC transaction manager restores auto-commit on a connection still in the
 * transaction, which commits it); an event logged with only some of its changes would never be applied again.
 */
class StateStoreCancellationIT {

	private static final int BATCHES = 800;

	/** Cancelled within the first {@code SPREAD} of a batch's time: where the transaction begins is where it breaks. */
	private static final double SPREAD = 0.6;

	private static final int JOBS = 3;

	@Test
	void aBatchCancelledAtAnyMomentIsCommittedWholeOrNotAtAll() throws Exception {
		String name = EmbeddedDatabase.createDatabase();
		DataSource dataSource = EmbeddedDatabase.shared().getDatabase("postgres", name);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions
			.parse("r2dbc:pool:postgresql://localhost:" + EmbeddedDatabase.shared().getPort() + "/" + name)
			.mutate()
			.option(ConnectionFactoryOptions.USER, "postgres")
			.option(ConnectionFactoryOptions.PASSWORD, "postgres")
			.build());
		PostgresStateStore store = new PostgresStateStore(DatabaseClient.create(factory),
				TransactionalOperator.create(new R2dbcTransactionManager(factory)), JsonCodec.standard(),
				Clock.systemUTC());
		EventInterpreter interpreter = new EventInterpreter(JsonCodec.standard());
		Sql sql = new Sql(dataSource);
		try {
			// how long one batch takes here, so that the cancellations land anywhere inside one
			long started = System.nanoTime();
			store.apply(batch(interpreter, "warm")).block(Duration.ofSeconds(30));
			long batchNanos = System.nanoTime() - started;
			for (int i = 0; i < 20; i++) {
				started = System.nanoTime();
				store.apply(batch(interpreter, "timing-" + i)).block(Duration.ofSeconds(30));
				batchNanos = Math.min(batchNanos, System.nanoTime() - started);
			}
			for (int b = 0; b < BATCHES; b++) {
				Disposable running = store.apply(batch(interpreter, "b" + b)).subscribe(null, error -> {
				});
				LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, (long) (batchNanos * SPREAD)));
				running.dispose();
			}
			// every transaction has ended, one way or the other: no session busy or in a transaction for a second
			String busy = "select count(*) from pg_stat_activity where datname = '" + name
					+ "' and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')";
			AtomicInteger quietPolls = new AtomicInteger();
			await("every transaction ended (none left open)").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					if (sql.count(busy) != 0) {
						quietPolls.set(0);
						return false;
					}
					return quietPolls.incrementAndGet() >= 5;
				});

			long events = JOBS * 3 + 1;
			String perBatch = """
					select 'cancel-b' || i as id,
					    (select count(*) from event_log l where l.subject = 'printer/cancel-b' || i) as logged,
					    coalesce((select version from printers p where p.id = 'cancel-b' || i), 0) as printer_version,
					    (select coalesce(sum(version), 0) from print_jobs j where j.printer_id = 'cancel-b' || i) as job_versions
					from generate_series(0, %d) i""".formatted(BATCHES - 1);
			long whole = sql.count("select count(*) from (" + perBatch + ") b where logged = " + events
					+ " and printer_version = " + events + " and job_versions = " + JOBS * 3);
			long none = sql.count("select count(*) from (" + perBatch + ") b where logged = 0 and printer_version = 0"
					+ " and job_versions = 0");
			System.out.printf("%d batches cancelled 0-%.1f ms after they were asked for: %d committed whole, %d not"
					+ " at all, %d in part%n", BATCHES, batchNanos * SPREAD / 1e6, whole, none, BATCHES - whole - none);
			assertThat(BATCHES - whole - none).as("batches committed in part (events logged without all their changes)")
				.isZero();
		}
		finally {
			((ConnectionPool) factory).disposeLater().block(Duration.ofSeconds(10));
		}
	}

	/** A printer running {@link #JOBS} jobs and going offline: every event touches the printer and most a job. */
	private static List<EventPlan> batch(EventInterpreter interpreter, String name) {
		String printer = "cancel-" + name;
		List<CloudEvent> events = new ArrayList<>();
		long t = 1_740_000_000L;
		for (int j = 0; j < JOBS; j++) {
			String job = printer + "-job-" + j;
			events.add(Events.simplePrint("job.started", printer, job, t + j * 10));
			events.add(Events.progress(printer, job, t + j * 10 + 1, 50));
			events.add(Events.simplePrint("job.completed", printer, job, t + j * 10 + 2));
		}
		events.add(Events.simplePrint("printer.offline", printer, null, t + JOBS * 10 + 5));
		return events.stream().map(Events::record).map(interpreter::plan).toList();
	}

}
