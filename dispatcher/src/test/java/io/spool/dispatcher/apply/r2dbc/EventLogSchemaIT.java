package io.spool.dispatcher.apply.r2dbc;

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
 * event_log is written once per event and its indexes are most of that write's cost (V6): it keeps the ones a
 * query reads, and the time filters of the events API still find their rows.
 */
class EventLogSchemaIT {

	@Test
	void theEventLogKeepsOnlyTheIndexesItsQueriesReadAndTimeFiltersStillFindTheirEvents() throws SQLException {
		DataSource dataSource = EmbeddedDatabase.shared().getDatabase("postgres", EmbeddedDatabase.createDatabase());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

		assertThat(rows(dataSource, """
				select indexname || ' ' || (select amname from pg_am a join pg_class c on c.relam = a.oid
				    where c.relname = indexname)
				from pg_indexes where tablename = 'event_log' order by indexname""")).containsExactly(
				"event_log_failed btree", "event_log_pkey btree", "event_log_received brin", "event_log_seq btree",
				"event_log_source_event btree", "event_log_subject btree", "event_log_type btree");

		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute("""
					insert into event_log (id, source, source_event_id, type, processed, payload, received_at)
					select gen_random_uuid(), 'simpleprint', 'e-' || i, 'job.started', true, '{}',
					    timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
					from generate_series(1, 2000) i""");
			s.execute("analyze event_log");
		}
		assertThat(rows(dataSource, """
				select count(*) from event_log
				where received_at >= timestamptz '2026-01-01 00:10:00+00' and received_at < timestamptz '2026-01-01 00:20:00+00'"""))
			.containsExactly("600");
	}

	private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		return rows;
	}

}
