package io.spool.dispatcher.apply.r2dbc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.BatchResult;
import io.spool.dispatcher.apply.EventInterpreter;
import io.spool.dispatcher.apply.InboundRecord;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.Sql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one batch writes, row by row, against a real PostgreSQL: the event log's payloads and the deliveries'
 * bodies travel to the database as one JSON array each (not as text arrays, whose encoding was the dispatcher's
 * largest cost at apply), so every row must still get its own event's payload and body, exactly. And the
 * subscriptions a batch fans out to, which the store holds in memory between batches: they are those of the
 * batch's own moment, whatever changed them in between.
 */
class StateStoreWritesIT {

	private static final JsonCodec codec = JsonCodec.standard();

	private static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n accents éàü emoji 🖨 "
			+ "json-looking {\"a\":[1,2]} sql-looking '); drop table event_log; -- braces {} commas , array {\"x\"}";

	private ConnectionFactory factory;

	private PostgresStateStore store;

	private Sql sql;

	private DataSource dataSource;

	@BeforeEach
	void database() throws Exception {
		String name = EmbeddedDatabase.createDatabase();
		dataSource = EmbeddedDatabase.shared().getDatabase("postgres", name);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		factory = ConnectionFactories.get(ConnectionFactoryOptions
			.parse("r2dbc:pool:postgresql://localhost:" + EmbeddedDatabase.shared().getPort() + "/" + name
				+ "?forceBinary=true") // binary results, as the dispatcher reads them
			.mutate()
			.option(ConnectionFactoryOptions.USER, "postgres")
			.option(ConnectionFactoryOptions.PASSWORD, "postgres")
			.build());
		store = new PostgresStateStore(DatabaseClient.create(factory),
				TransactionalOperator.create(new R2dbcTransactionManager(factory)), codec, Clock.systemUTC());
		sql = new Sql(dataSource);
		execute("insert into subscriptions (id, url, event_types) values "
				+ "('00000000-0000-0000-0000-00000000005a', 'http://receiver.example/hook', '{*}')");
	}

	@AfterEach
	void close() {
		((ConnectionPool) factory).disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void everyRowOfABatchGetsItsOwnEventsPayloadAndBodyExactlyWhateverCharactersTheyHold() {
		EventInterpreter interpreter = new EventInterpreter(codec);
		List<CloudEvent> events = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			ObjectNode data = codec.object().put("printerId", "writes-" + i).put("note", i + " " + AWKWARD);
			events.add(Events.event("simpleprint", "printer.online", "printer/writes-" + i, 1_750_000_000L + i,
					"writes/" + i, data));
		}

		BatchResult result = store.apply(events.stream().map(Events::record).map(interpreter::plan).toList())
			.block(Duration.ofSeconds(30));

		assertThat(result.deliveries()).hasSize(events.size());
		for (int i = 0; i < events.size(); i++) {
			CloudEvent event = events.get(i);
			String id = "'" + event.id() + "'";
			assertThat(sql.text("select payload->'data'->>'note' from event_log where id = " + id))
				.isEqualTo(i + " " + AWKWARD);
			assertThat(sql.count("select count(*) from event_log where id = " + id + " and payload = '"
					+ codec.writeString(event).replace("'", "''") + "'::jsonb"))
				.as("event %d's payload is its own CloudEvent", i)
				.isOne();
			assertThat(sql.text("select body from delivery_bodies where event_id = " + id))
				.as("event %d's body is the exact text it is sent as", i)
				.isEqualTo(codec.writeString(event));
		}
	}

	@Test
	void theEventLogKeepsEachCloudEventAsItWasOnTheTopicExtensionAttributesIncluded() {
		EventInterpreter interpreter = new EventInterpreter(codec);
		CloudEvent plain = Events.event("simpleprint", "printer.online", "printer/as-sent-1", 1_750_000_000L,
				"as-sent/1", codec.object().put("printerId", "as-sent-1"));
		CloudEvent extended = Events.event("simpleprint", "printer.online", "printer/as-sent-2", 1_750_000_001L,
				"as-sent/2", codec.object().put("printerId", "as-sent-2"));
		CloudEvent marked = Events.event("simpleprint", "printer.online", "printer/as-sent-3", 1_750_000_002L,
				"as-sent/3", codec.object().put("printerId", "as-sent-3"));
		String extendedJson = codec.writeString(extended).replaceFirst("^\\{", "{\"partnerref\":\"po-77\",");
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] markedJson = codec.write(marked);
		byte[] withBom = new byte[bom.length + markedJson.length];
		System.arraycopy(bom, 0, withBom, 0, bom.length);
		System.arraycopy(markedJson, 0, withBom, bom.length, markedJson.length);
		List<InboundRecord> records = List.of(Events.record(plain),
				new InboundRecord("spool.events.v1", 0, 900, extended.subject(),
						extendedJson.getBytes(StandardCharsets.UTF_8)),
				new InboundRecord("spool.events.v1", 0, 901, marked.subject(), withBom));

		store.apply(records.stream().map(interpreter::plan).toList()).block(Duration.ofSeconds(30));

		assertThat(sql.text("select payload->>'partnerref' from event_log where id = '" + extended.id() + "'"))
			.as("an extension attribute the dispatcher does not know stays in the log")
			.isEqualTo("po-77");
		for (CloudEvent event : List.of(plain, marked)) {
			assertThat(sql.count("select count(*) from event_log where id = '" + event.id() + "' and payload = '"
					+ codec.writeString(event).replace("'", "''") + "'::jsonb"))
				.as("%s (a record starting with a byte-order mark is written again as JSON)", event.subject())
				.isOne();
		}
	}

	@Test
	void eachBatchFansOutToTheSubscriptionsAsTheyAreWhenItIsAppliedHoweverTheyChangedBefore() throws Exception {
		assertThat(targetsOfOneBatch(1)).containsExactly("http://receiver.example/hook");

		execute("insert into subscriptions (id, url, event_types) values "
				+ "('00000000-0000-0000-0000-00000000005b', 'http://second.example/hook', '{printer.*}')");
		assertThat(targetsOfOneBatch(2)).containsExactlyInAnyOrder("http://receiver.example/hook",
				"http://second.example/hook");

		execute("update subscriptions set enabled = false where id = '00000000-0000-0000-0000-00000000005a'");
		assertThat(targetsOfOneBatch(3)).containsExactly("http://second.example/hook");

		execute("update subscriptions set url = 'http://moved.example/hook' "
				+ "where id = '00000000-0000-0000-0000-00000000005b'");
		assertThat(targetsOfOneBatch(4)).containsExactly("http://moved.example/hook");

		execute("update subscriptions set event_types = '{job.*}' where id = '00000000-0000-0000-0000-00000000005b'");
		assertThat(targetsOfOneBatch(5)).isEmpty();

		execute("update subscriptions set enabled = true where id = '00000000-0000-0000-0000-00000000005a'");
		execute("delete from subscriptions where id = '00000000-0000-0000-0000-00000000005b'");
		assertThat(targetsOfOneBatch(6)).containsExactly("http://receiver.example/hook");

		execute("truncate subscriptions cascade");
		assertThat(targetsOfOneBatch(7)).isEmpty();
	}

	@Test
	void readsTheSubscriptionsAgainOnlyOnceTheyChangedOrWhenTheirVersionIsGone() throws Exception {
		assertThat(targetsOfOneBatch(1)).containsExactly("http://receiver.example/hook");

		// a change the version does not see (its trigger off): the batches go on with the list they hold
		execute("alter table subscriptions disable trigger subscriptions_changed");
		execute("update subscriptions set url = 'http://unseen.example/hook'");
		assertThat(targetsOfOneBatch(2)).containsExactly("http://receiver.example/hook");

		execute("alter table subscriptions enable trigger subscriptions_changed");
		execute("update subscriptions set disabled_reason = null");
		assertThat(targetsOfOneBatch(3)).containsExactly("http://unseen.example/hook");

		// with no version to compare (its row deleted by hand), every batch reads them
		execute("delete from subscription_version");
		execute("update subscriptions set url = 'http://read.example/hook'");
		assertThat(targetsOfOneBatch(4)).containsExactly("http://read.example/hook");
	}

	/** Applies one batch of one printer event; answers the URLs its deliveries go to. */
	private List<String> targetsOfOneBatch(int n) {
		CloudEvent event = Events.event("simpleprint", "printer.online", "printer/fan-" + n, 1_750_000_000L + n,
				"fan/" + n, codec.object().put("printerId", "fan-" + n));
		BatchResult result = store.apply(List.of(new EventInterpreter(codec).plan(Events.record(event))))
			.block(Duration.ofSeconds(30));
		List<String> targets = new ArrayList<>();
		for (var task : result.deliveries()) {
			targets.add(sql.text("select target_url from deliveries where id = '" + task.deliveryId() + "'"));
		}
		return targets;
	}

	private void execute(String statement) throws Exception {
		try (var connection = dataSource.getConnection(); var jdbc = connection.createStatement()) {
			jdbc.execute(statement);
		}
	}

}
