package io.spool.dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.spool.common.event.CloudEvent;
import io.spool.dispatcher.support.Dispatchers;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.EventsProducer;
import io.spool.dispatcher.support.Sql;
import io.spool.dispatcher.support.Workload;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once in effect under scale, replicas, crashes and outages, with real dispatcher instances, a real
 * broker and a real PostgreSQL. Every test ends by checking the whole state against what the workload must
 * produce; {@code version} counts the events applied to each row, so an event applied twice would show.
 */
class DispatcherResilienceIT {

	private static EmbeddedKafkaKraftBroker broker;

	private static String bootstrap;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.afterPropertiesSet();
		bootstrap = broker.getBrokersAsString();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	private static void send(String topic, List<CloudEvent> events) {
		broker.addTopicsWithResults(new NewTopic(topic, 6, (short) 1)); // an existing topic is left as it is
		try (EventsProducer producer = new EventsProducer(bootstrap, topic)) {
			producer.sendAll(events);
		}
	}

	private static void awaitApplied(Sql sql, Workload workload, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> sql.count(
				"select count(*) from printers where id like '" + workload.printer(0).replace("-printer-0", "")
						+ "-printer-%' and version = " + workload.eventsPerPrinter()) == workload.printers());
	}

	private static void assertExactState(Sql sql, Workload workload) {
		String prefix = workload.printer(0).replace("-printer-0", "");
		assertThat(sql.count("select count(*) from event_log where subject like 'printer/" + prefix + "-printer-%'"))
			.as("distinct events logged")
			.isEqualTo(workload.size());
		assertThat(sql.count("select coalesce(sum(version), 0) from printers where id like '" + prefix + "-printer-%'"))
			.as("events applied to printers, each once")
			.isEqualTo(workload.size());
		long jobs = (long) workload.printers() * (workload.eventsPerPrinter() - 1) / Workload.EVENTS_PER_JOB;
		assertThat(sql.count("select count(*) from print_jobs where id like '" + prefix + "-job-%' and version = "
				+ Workload.EVENTS_PER_JOB))
			.as(() -> "jobs with every one of their events applied once; the others: " + sql.text(
					"select string_agg(j.id || ' v' || j.version || ' ' || coalesce(j.status, '-') || ' ' || j.clocks::text"
							+ " || ' logged ' || (select count(*) from event_log l where l.job_id = j.id)"
							+ " || ' failed ' || (select count(*) from event_log l where l.job_id = j.id and not l.processed),"
							+ " '; ')"
							+ " from print_jobs j where j.id like '" + prefix + "-job-%' and j.version <> "
							+ Workload.EVENTS_PER_JOB))
			.isEqualTo(jobs);
		assertThat(sql.count("select count(*) from print_jobs where id like '" + prefix + "-job-%' and status = 'failed'"))
			.isEqualTo(workload.expectedFailedJobs());
		assertThat(sql.count("select count(*) from print_jobs where id like '" + prefix
				+ "-job-%' and status = 'complete' and progress = 100"))
			.isEqualTo(jobs - workload.expectedFailedJobs());
		assertThat(sql.count("select count(*) from printers where id like '" + prefix
				+ "-printer-%' and current_job_id is null and state = case when split_part(id, '-', 3)::int % 2 = 0 "
				+ "then 'offline' else 'idle' end"))
			.as("printers in their final state")
			.isEqualTo(workload.printers());
	}

	@Test
	void tenThousandEventsAcrossOneHundredPrintersEndInExactlyTheExpectedState() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		Workload workload = new Workload("tenk", 100, 33); // 100 printers × (33 jobs × 3 + 1) = 10,000 events
		assertThat(workload.size()).isEqualTo(10_000);
		send("tenk.events", workload.events());
		long started = System.nanoTime();
		try (ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap,
				EmbeddedDatabase.shared().getPort(), database, "spring.kafka.consumer.group-id=tenk", "spool.topics.events.name=tenk.events")) {
			assertThat(dispatcher.isActive()).isTrue();
			awaitApplied(sql, workload, Duration.ofSeconds(120));
			double seconds = (System.nanoTime() - started) / 1e9;
			long applyMillis = sql.count("select (extract(epoch from max(processed_at) - min(processed_at)) * 1000)::bigint "
					+ "from event_log");
			System.out.printf("applied %d events in %.1f s including start-up; %d ms from first to last commit "
					+ "(%.0f events/s)%n", workload.size(), seconds, applyMillis, workload.size() * 1000.0 / applyMillis);
			assertExactState(sql, workload);
		}
	}

	@Test
	void twoInstancesInOneConsumerGroupSplitTheWorkAndApplyEveryEventOnce() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		Workload workload = new Workload("pair", 60, 20);
		int port = EmbeddedDatabase.shared().getPort();
		try (ConfigurableApplicationContext first = Dispatchers.start(bootstrap, port, database,
				"spring.kafka.consumer.group-id=pair", "spool.topics.events.name=pair.events");
				ConfigurableApplicationContext second = Dispatchers.start(bootstrap, port, database,
						"spring.kafka.consumer.group-id=pair", "spool.topics.events.name=pair.events")) {
			// both members must hold partitions before the work arrives, or one would take it all
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> membersWithPartitions("pair") == 2);
			send("pair.events", workload.events());
			awaitApplied(sql, workload, Duration.ofSeconds(90));
			assertExactState(sql, workload);
			assertThat(Dispatchers.applied(first)).as("applied by the first").isPositive();
			assertThat(Dispatchers.applied(second)).as("applied by the second").isPositive();
			assertThat(Dispatchers.applied(first) + Dispatchers.applied(second)).isEqualTo(workload.size());
		}
	}

	private static long membersWithPartitions(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			return admin.describeConsumerGroups(List.of(group))
				.all()
				.get()
				.get(group)
				.members()
				.stream()
				.filter(m -> !m.assignment().topicPartitions().isEmpty())
				.count();
		}
	}

	@Test
	void aDispatcherStoppedInTheMiddleOfABatchAndRestartedAppliesEverythingOnce() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		Workload workload = new Workload("crash", 50, 40);
		// the topic is created by the first dispatcher; the events wait in it for the first to start
		String topic = "crash.events";
		int port = EmbeddedDatabase.shared().getPort();
		ConfigurableApplicationContext first = Dispatchers.start(bootstrap, port, database,
				"spring.kafka.consumer.group-id=crash", "spool.dispatcher.batch-size=50",
				"spool.dispatcher.commit-interval=2s", "spool.topics.events.name=" + topic);
		send(topic, workload.events());
		await().atMost(Duration.ofSeconds(60)).until(() -> sql.count("select count(*) from event_log") > 800);
		first.close(); // mid-stream: transactions in flight end on their own, their offsets are not committed
		long appliedBeforeRestart = sql.count("select count(*) from event_log");
		assertThat(appliedBeforeRestart).isLessThan(workload.size());
		try (ConfigurableApplicationContext second = Dispatchers.start(bootstrap, port, database,
				"spring.kafka.consumer.group-id=crash", "spool.topics.events.name=" + topic)) {
			assertThat(second.isActive()).isTrue();
			awaitApplied(sql, workload, Duration.ofSeconds(90));
			assertExactState(sql, workload);
		}
	}

	@Test
	void theDatabaseStoppedAndRestartedUnderLoadLosesNothing() throws Exception {
		Path dataDir = Files.createTempDirectory("spool-pg-restart");
		EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
		int port = pg.getPort();
		EmbeddedDatabase.execute(pg, "create database restart");
		Workload workload = new Workload("outage", 40, 40);
		List<CloudEvent> events = workload.events();
		broker.addTopicsWithResults(new NewTopic("outage.events", 6, (short) 1));
		ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, "restart",
				"spring.kafka.consumer.group-id=outage", "spool.topics.events.name=outage.events");
		try (EventsProducer producer = new EventsProducer(bootstrap, "outage.events")) {
			CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < events.size(); i++) {
					producer.send(events.get(i));
					if (i % 200 == 0) {
						producer.flush();
						sleep(50);
					}
				}
				producer.flush();
			});
			Sql before = new Sql(pg.getDatabase("postgres", "restart"));
			await().atMost(Duration.ofSeconds(60)).until(() -> before.count("select count(*) from event_log") > 300);
			pg.close();
			sleep(2000); // the load goes on while the database is away
			pg = restart(dataDir, port);
			load.get();
			Sql sql = new Sql(pg.getDatabase("postgres", "restart"));
			awaitApplied(sql, workload, Duration.ofSeconds(90));
			assertExactState(sql, workload);
			assertThat(dispatcher.getBean(io.micrometer.core.instrument.MeterRegistry.class)
				.counter("spool.dispatcher.store.retries")
				.count()).as("transactions retried during the outage").isPositive();
		}
		finally {
			dispatcher.close();
			pg.close();
		}
	}

	private static EmbeddedPostgres restart(Path dataDir, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
