package io.spool.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.support.Dispatchers;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.dispatcher.support.Events;
import io.spool.dispatcher.support.EventsProducer;
import io.spool.dispatcher.support.Receiver;
import io.spool.dispatcher.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Boot's structured logging on (as in docker/compose.yml), a log line about an event is one JSON object
 * carrying the event id and the W3C trace id as fields, and no line carries a subscription's secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIT {

	private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void aDeadDeliveryIsLoggedAsJsonWithItsEventAndTraceIds(CapturedOutput output) throws Exception {
		// Logging is one per JVM and Boot initializes it once: let this application configure it again, as a
		// fresh process would, whatever test contexts ran before in this JVM.
		LoggingSystem.get(getClass().getClassLoader()).cleanUp();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.afterPropertiesSet();
		String database = EmbeddedDatabase.createDatabase();
		Sql sql = new Sql(EmbeddedDatabase.shared().getDatabase("postgres", database));
		try (Receiver receiver = new Receiver();
				ConfigurableApplicationContext dispatcher = Dispatchers.start(broker.getBrokersAsString(),
						EmbeddedDatabase.shared().getPort(), database, "logging.structured.format.console=ecs",
						"spool.dispatcher.delivery.allow-private-networks=true", "spool.admin.token=log-token")) {
			receiver.answer(400);
			UUID subscription = UUID.randomUUID();
			try (var connection = EmbeddedDatabase.shared().getDatabase("postgres", database).getConnection();
					var statement = connection.prepareStatement("insert into subscriptions (id, url, event_types, subject, "
							+ "secret) values (?, ?, array['*'], 'printer/logged-1', 'whsec_c2VjcmV0LWluLWEtbG9nLXRlc3Q=')")) {
				statement.setObject(1, subscription);
				statement.setString(2, receiver.url("/hook"));
				statement.executeUpdate();
			}
			CloudEvent plain = Events.simplePrint("printer.online", "logged-1", null, 1770000000);
			CloudEvent traced = new CloudEvent(plain.specversion(), plain.id(), plain.source(), plain.type(), plain.subject(),
					plain.time(), plain.datacontenttype(), plain.data(), plain.sourceeventid(), plain.sourcetype(),
					plain.receivedat(), TRACE);
			try (EventsProducer producer = new EventsProducer(broker.getBrokersAsString())) {
				producer.sendAll(List.of(traced));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("select count(*) from deliveries where status = 'dead'") == 1);
			assertThat(dispatcher.isActive()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut()
				.lines()
				.anyMatch(l -> l.startsWith("{") && l.contains("is dead") && l.contains(traced.id())));
			JsonNode line = output.getOut()
				.lines()
				.filter(l -> l.startsWith("{") && l.contains("is dead") && l.contains(traced.id()))
				.map(l -> JsonCodec.standard().readTree(l.getBytes(StandardCharsets.UTF_8)))
				.findFirst()
				.orElseThrow();
			assertThat(line.path("eventId").asString()).isEqualTo(traced.id());
			assertThat(line.path("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(line.path("log.level").asString("") + line.at("/log/level").asString("")).isEqualTo("WARN");
			assertThat(output.getAll()).doesNotContain("c2VjcmV0LWluLWEtbG9nLXRlc3Q=");
		}
		finally {
			broker.destroy();
		}
	}

}
