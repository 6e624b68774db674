package io.spool.dispatcher.delivery.r2dbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.spool.dispatcher.support.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V3 moves delivery bodies out of the delivery rows and V5 gives them their event's trace context: a database
 * written by an earlier Spool keeps every delivery, the exact body each one sends and the trace it continues.
 */
class DeliveryBodiesMigrationIT {

	@Test
	void deliveriesRecordedBeforeTheMigrationKeepTheirBodiesAndTheirEventIsReadFromTheEventLog() throws SQLException {
		DataSource dataSource = EmbeddedDatabase.shared().getDatabase("postgres", EmbeddedDatabase.createDatabase());
		flyway(dataSource, "2").migrate();
		execute(dataSource, """
				insert into event_log (id, source, source_event_id, type, processed, payload)
				values ('00000000-0000-0000-0000-0000000000e1', 'simpleprint', 'a-1', 'job.started', true,
				        '{"id":"00000000-0000-0000-0000-0000000000e1","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}');
				insert into deliveries (id, job_id, target_url, format, event_id, event_type, event, body, status)
				values ('00000000-0000-0000-0000-0000000000d1', 'j1', 'http://a/', 'cloudevents',
				        '00000000-0000-0000-0000-0000000000e1', 'job.started', '{}', '{"the":"cloudevent"}', 'sent'),
				       ('00000000-0000-0000-0000-0000000000d2', 'j2', 'http://b/', 'cloudevents',
				        '00000000-0000-0000-0000-0000000000e1', 'job.started', '{}', '{"the":"cloudevent"}', 'pending'),
				       ('00000000-0000-0000-0000-0000000000d3', 'j3', 'http://c/', 'print-service',
				        '00000000-0000-0000-0000-0000000000e1', 'job.started', '{}', '{"event":"job_status_update"}', 'failed');
				""");

		flyway(dataSource, "latest").migrate();

		assertThat(rows(dataSource, """
				select d.id, b.body from deliveries d join delivery_bodies b on b.event_id = d.event_id and b.format = d.format
				order by d.id""")).containsExactly(
				"00000000-0000-0000-0000-0000000000d1 {\"the\":\"cloudevent\"}",
				"00000000-0000-0000-0000-0000000000d2 {\"the\":\"cloudevent\"}",
				"00000000-0000-0000-0000-0000000000d3 {\"event\":\"job_status_update\"}");
		assertThat(rows(dataSource, "select count(*), count(distinct format) from delivery_bodies")).containsExactly("2 2");
		// V5: the trace context of every delivery still owed is copied from its event, where claims used to read it
		assertThat(rows(dataSource, "select id, traceparent from deliveries order by id")).containsExactly(
				"00000000-0000-0000-0000-0000000000d1 null",
				"00000000-0000-0000-0000-0000000000d2 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
				"00000000-0000-0000-0000-0000000000d3 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(rows(dataSource, "select column_name from information_schema.columns where table_name = 'deliveries' "
				+ "and column_name in ('event', 'body')")).isEmpty();
	}

	private static Flyway flyway(DataSource dataSource, String target) {
		return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load();
	}

	private static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

	private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				StringBuilder row = new StringBuilder();
				for (int i = 1; i <= columns; i++) {
					row.append(i > 1 ? " " : "").append(rs.getString(i));
				}
				rows.add(row.toString());
			}
		}
		return rows;
	}

}
