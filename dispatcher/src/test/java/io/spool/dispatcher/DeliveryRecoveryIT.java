package io.spool.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.spool.common.event.CloudEvent;
import io.spool.dispatcher.support.Dispatchers;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.EventsProducer;
import io.spool.dispatcher.support.Receiver;
import io.spool.dispatcher.support.Sql;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries across process deaths, and the command-line replay, with real dispatcher processes' contexts, a
 * real broker, a real PostgreSQL and a real HTTP receiver.
 */
class DeliveryRecoveryIT {

	private static EmbeddedKafkaKraftBroker broker;

	private static String bootstrap;

	private static final String[] FAST = { "spool.dispatcher.delivery.allow-private-networks=true",
			"spool.dispatcher.delivery.timeout=1s", "spool.dispatcher.delivery.quick-attempts=1",
			"spool.dispatcher.delivery.poll-interval=200ms", "spool.dispatcher.delivery.schedule=100ms,100ms",
			"spool.dispatcher.delivery.pending-timeout=3s",
			"spool.admin.token=recovery-token" };

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

	private static String[] args(String group, String... more) {
		List<String> all = new ArrayList<>(List.of(FAST));
		all.add("spring.kafka.consumer.group-id=" + group);
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static UUID subscribe(Sql sql, String database, String url, String subject) {
		UUID id = UUID.randomUUID();
		try (var connection = EmbeddedDatabase.shared().getDatabase("postgres", database).getConnection();
				var statement = connection.prepareStatement(
						"insert into subscriptions (id, url, event_types, subject) values (?, ?, array['*'], ?)")) {
			statement.setObject(1, id);
			statement.setString(2, url);
			statement.setString(3, subject);
			statement.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return id;
	}

	/** Runs {@code sql} (statements separated by semicolons) on the test's database. */
	private static void execute(String database, String sql) {
		try (var connection = EmbeddedDatabase.shared().getDatabase("postgres", database).getConnection();
				var statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A logged event and its CloudEvents body, as a dispatcher's apply leaves them before a delivery is made. */
	private static void loggedEvent(String database, String eventId, String sourceEventId, String body) {
		execute(database, """
				insert into event_log (id, source, source_event_id, type, processed, payload)
				values ('%s', 'simpleprint', '%s', 'printer.online', true, '{"id":"%s"}');
				insert into delivery_bodies (event_id, format, body) values ('%s', 'cloudevents', '%s');
				""".formatted(eventId, sourceEventId, eventId, eventId, body));
	}

	@Test
	void aDeliveryWhoseTaskWasNeverQueuedIsQueuedByThePollerOnceItsPendingTimeoutIsOverAndNotBefore() throws Exception {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (Receiver receiver = new Receiver();
				ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, database, args("lost"))) {
			UUID subscription = subscribe(sql, database, receiver.url("/hook"), "printer/lost-1");
			// what a dispatcher that died between its commit and queueing the task leaves: a pending delivery that
			// no task on spool.deliveries.v1 points to
			loggedEvent(database, "00000000-0000-0000-0000-00000000105e", "lost-1", "{\"lost\":\"and found\"}");
			execute(database, """
					insert into deliveries (id, subscription_id, target_url, format, event_id, event_type, status)
					values ('00000000-0000-0000-0000-0000000010d1', '%s', '%s', 'cloudevents',
					        '00000000-0000-0000-0000-00000000105e', 'printer.online', 'pending');
					""".formatted(subscription, receiver.url("/hook")));
			Thread.sleep(1_500);
			assertThat(receiver.requests()).as("pending for less than its timeout: its task may still be on its way")
				.isEmpty();
			// by its pending timeout (3 s), well before the 7.4 s after which an attempted delivery counts as stuck
			await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 1);
			assertThat(receiver.requests().get(0).getBody().utf8()).isEqualTo("{\"lost\":\"and found\"}");
			assertThat(receiver.requests().get(0).getHeaders().get("webhook-id"))
				.isEqualTo("00000000-0000-0000-0000-0000000010d1");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sql.count("select count(*) from deliveries where status = 'sent'") == 1);
		}
	}

	@Test
	void aLostDeliveryWhoseSubscriptionWasDeletedIsEndedNotLeftPendingForever() throws Exception {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, database, args("orphan"))) {
			// a deleted subscription leaves its deliveries without a target: no routing key to read them back by
			loggedEvent(database, "00000000-0000-0000-0000-0000000005e1", "orphan-1", "{\"no\":\"target\"}");
			execute(database, """
					insert into deliveries (id, target_url, format, event_id, event_type, status, updated_at)
					values ('00000000-0000-0000-0000-0000000005d1', 'http://127.0.0.1:9/hook', 'cloudevents',
					        '00000000-0000-0000-0000-0000000005e1', 'printer.online', 'pending', now() - interval '1 minute');
					""");

			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
				.until(() -> sql.count("select count(*) from deliveries where status = 'dead'") == 1);
		}
	}

	@Test
	void aBacklogThatNoTaskPointsToIsReadBackByItsLaneOnceThePollerFindsItNotAHundredAtATime() throws Exception {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (Receiver receiver = new Receiver();
				ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, database,
						args("backlog", "spool.dispatcher.delivery.poll-interval=2s"))) {
			UUID subscription = subscribe(sql, database, receiver.url("/hook"), "printer/backlog-1");
			// what a dispatcher that died with a spilled lane leaves: 3,000 pending deliveries whose tasks were
			// acknowledged long ago; the poller alone hands back 100 a poll, so a minute at one poll every 2 s
			loggedEvent(database, "00000000-0000-0000-0000-00000000b05e", "backlog-1", "{\"left\":\"behind\"}");
			execute(database, """
					insert into deliveries (id, subscription_id, target_url, format, event_id, event_type, status,
					    updated_at)
					select gen_random_uuid(), '%s', '%s', 'cloudevents', '00000000-0000-0000-0000-00000000b05e',
					    'printer.online', 'pending', now() - interval '1 minute' + n * interval '1 millisecond'
					from generate_series(1, 3000) n;
					""".formatted(subscription, receiver.url("/hook")));
			long started = System.nanoTime();

			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
				.until(() -> sql.count("select count(*) from deliveries where status = 'sent'") == 3000);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.printf("3,000 left-behind deliveries sent in %d ms%n", took.toMillis());
			assertThat(took).as("well under the minute the poller alone would take").isLessThan(Duration.ofSeconds(30));
			assertThat(receiver.requests().stream().map(r -> r.getHeaders().get("webhook-id")).distinct().count())
				.isEqualTo(3000);
		}
	}

	@Test
	void aSubscriberWhoseBacklogOutgrewItsLaneGetsEveryDeliveryReadBackWithoutWaitingForThePoller() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (Receiver receiver = new Receiver();
				// a lane of 2 running, 2 waiting and 4 parked; the poller would hand a left delivery back only after
				// a minute
				ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, database,
						args("spill", "spool.dispatcher.delivery.concurrency=2",
								"spool.dispatcher.delivery.lane-backlog=2", "spool.dispatcher.delivery.lane-overflow=4",
								"spool.dispatcher.delivery.pending-timeout=60s"))) {
			receiver.answer(r -> new MockResponse.Builder().code(200).headersDelay(20, TimeUnit.MILLISECONDS).build());
			subscribe(sql, database, receiver.url("/hook"), "printer/spill-1");
			List<CloudEvent> events = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				events.add(Events.simplePrint("printer.online", "spill-1", null, 1760000000 + i));
			}
			try (EventsProducer producer = new EventsProducer(bootstrap)) {
				producer.sendAll(events);
			}

			await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
				.until(() -> sql.count("select count(*) from deliveries where status = 'sent'") == 300);
			Map<String, Long> perWebhookId = receiver.requests()
				.stream()
				.collect(Collectors.groupingBy(r -> r.getHeaders().get("webhook-id"), Collectors.counting()));
			assertThat(perWebhookId).hasSize(300);
			assertThat(perWebhookId.values()).as("no delivery sent twice").containsOnly(1L);
		}
	}

	@Test
	void aDispatcherKilledInTheMiddleOfDeliveriesSendsEveryOneAfterRestartWithTheSameWebhookId() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (Receiver receiver = new Receiver()) {
			// slow (within the 1 s timeout), so deliveries are still in flight when the first dispatcher stops
			receiver.answer(r -> new MockResponse.Builder().code(200).headersDelay(400, TimeUnit.MILLISECONDS).build());
			ConfigurableApplicationContext first = Dispatchers.start(bootstrap, port, database, args("recover"));
			subscribe(sql, database, receiver.url("/hook"), "printer/recover-1");
			List<CloudEvent> events = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				events.add(Events.simplePrint("printer.online", "recover-1", null, 1760000000 + i));
			}
			try (EventsProducer producer = new EventsProducer(bootstrap)) {
				producer.sendAll(events);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() >= 10);
			first.close(); // deliveries in flight die with it
			assertThat(sql.count("select count(*) from deliveries where status <> 'sent'")).isPositive();

			try (ConfigurableApplicationContext second = Dispatchers.start(bootstrap, port, database, args("recover"))) {
				assertThat(second.isActive()).isTrue();
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
					.until(() -> sql.count("select count(*) from deliveries where status = 'sent'") == 60);
			}
			Map<String, Long> perWebhookId = receiver.requests()
				.stream()
				.collect(Collectors.groupingBy(r -> r.getHeaders().get("webhook-id"), Collectors.counting()));
			assertThat(perWebhookId).as("every delivery reached the subscriber, under its one webhook-id").hasSize(60);
			long duplicates = perWebhookId.values().stream().mapToLong(n -> n - 1).sum();
			System.out.printf("deliveries: 60, received: %d, duplicates on the subscriber side: %d%n",
					receiver.requests().size(), duplicates);
		}
	}

	@Test
	void theCommandLineReplayCountsOnADryRunAndQueuesDeadLettersForTheRunningDispatcher() {
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		int port = EmbeddedDatabase.shared().getPort();
		try (Receiver receiver = new Receiver();
				ConfigurableApplicationContext dispatcher = Dispatchers.start(bootstrap, port, database, args("cli"))) {
			receiver.answer(404);
			UUID subscription = subscribe(sql, database, receiver.url("/hook"), "printer/cli-1");
			try (EventsProducer producer = new EventsProducer(bootstrap)) {
				producer.sendAll(List.of(Events.simplePrint("printer.online", "cli-1", null, 1760001000),
						Events.simplePrint("printer.offline", "cli-1", null, 1760001001)));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("select count(*) from deliveries where status = 'dead'") == 2);
			receiver.answer(200);
			List<String> connection = new ArrayList<>();
			EmbeddedDatabase.properties(port, database).forEach((k, v) -> connection.add("--" + k + "=" + v));
			connection.add("--spring.kafka.bootstrap-servers=" + bootstrap);
			connection.add("--subscription=" + subscription);

			List<String> dryRun = new ArrayList<>(connection);
			dryRun.add("--dry-run");
			assertThat(DispatcherApplication.replay(dryRun.toArray(String[]::new))).isZero();
			assertThat(sql.count("select count(*) from replays where dry_run and matched = 2 and requested_by like 'cli:%'"))
				.isEqualTo(1);
			assertThat(sql.count("select count(*) from deliveries where status = 'dead'")).isEqualTo(2);

			assertThat(DispatcherApplication.replay(connection.toArray(String[]::new))).isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("select count(*) from deliveries where status = 'sent'") == 2);
			assertThat(sql.count("select count(*) from replays where not dry_run and replayed = 2")).isEqualTo(1);
			assertThat(dispatcher.isActive()).isTrue();
		}
	}

}
