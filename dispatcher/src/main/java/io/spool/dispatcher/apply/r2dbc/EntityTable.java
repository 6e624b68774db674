package io.spool.dispatcher.apply.r2dbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.spool.dispatcher.apply.EntityKind;

/**
 * How one kind of entity maps to its table: the field names of the core to typed columns. The SQL of every
 * statement on the table is derived from this, once.
 *
 * @param kind the entity kind
 * @param table the table
 * @param columns field name → column, in table order
 */
record EntityTable(EntityKind kind, String table, List<Column> columns) {

	/**
	 * @param field the core's field name
	 * @param name the column
	 * @param sqlType the column's type, for casts from text
	 */
	record Column(String field, String name, String sqlType) {

		boolean isJson() {
			return sqlType.equals("jsonb");
		}

	}

	static final Map<EntityKind, EntityTable> ALL = Map.of(EntityKind.PRINTER,
			new EntityTable(EntityKind.PRINTER, "printers",
					List.of(text("source", "source"), text("name", "name"), text("state", "state"),
							new Column("online", "online", "boolean"), text("currentJobId", "current_job_id"),
							new Column("lastSeenAt", "last_seen_at", "timestamptz"))),
			EntityKind.JOB,
			new EntityTable(EntityKind.JOB, "print_jobs",
					List.of(text("source", "source"), text("name", "name"), text("status", "status"),
							new Column("progress", "progress", "integer"), text("printerId", "printer_id"),
							new Column("startedAt", "started_at", "timestamptz"),
							new Column("finishedAt", "finished_at", "timestamptz"),
							text("errorMessage", "error_message"))),
			EntityKind.QUEUE,
			new EntityTable(EntityKind.QUEUE, "printer_queues",
					List.of(text("source", "source"), new Column("items", "items", "jsonb"),
							text("lastChangeType", "last_change_type"))),
			EntityKind.PRODUCT,
			new EntityTable(EntityKind.PRODUCT, "products",
					List.of(text("source", "source"), text("title", "title"), text("imageKey", "image_key"),
							new Column("deleted", "deleted", "boolean"), new Column("data", "data", "jsonb"))));

	private static Column text(String field, String name) {
		return new Column(field, name, "text");
	}

	/** Creates missing rows so that {@link #selectForUpdateSql()} can lock every one of them. */
	String ensureRowsSql() {
		return "insert into " + table + " (id) select unnest($1::text[]) on conflict (id) do nothing";
	}

	/** Every field, the clocks and version, locked in id order so that two transactions never deadlock. */
	String selectForUpdateSql() {
		return selectSql() + " order by id for update";
	}

	/** {@link #selectForUpdateSql()} with one more column of the table, which is not a field, after the id. */
	String selectForUpdateSql(String column) {
		return selectSql(column + ", ") + " order by id for update";
	}

	String selectSql() {
		return selectSql("");
	}

	private String selectSql(String extraColumns) {
		String cols = columns.stream()
			.map(c -> c.isJson() ? c.name() + "::text as " + c.name() : c.name())
			.collect(Collectors.joining(", "));
		return "select id, " + extraColumns + cols + ", clocks::text as clocks, version, updated_at from " + table
				+ " where id = any($1::text[])";
	}

	/** One statement for all rows: every value travels as text in one array per column. */
	String upsertSql() {
		int n = columns.size();
		StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (id, ");
		sql.append(columns.stream().map(Column::name).collect(Collectors.joining(", ")));
		sql.append(", clocks, version, updated_at) select t.id, ");
		sql.append(columns.stream().map(c -> "t." + c.name() + "::" + c.sqlType()).collect(Collectors.joining(", ")));
		sql.append(", t.clocks::jsonb, t.version::bigint, t.updated_at::timestamptz from unnest($1::text[], ");
		for (int i = 0; i < n; i++) {
			sql.append('$').append(i + 2).append("::text[], ");
		}
		sql.append('$').append(n + 2).append("::text[], $").append(n + 3).append("::text[], $").append(n + 4)
			.append("::text[]) as t(id, ");
		sql.append(columns.stream().map(Column::name).collect(Collectors.joining(", ")));
		sql.append(", clocks, version, updated_at) on conflict (id) do update set ");
		sql.append(columns.stream().map(c -> c.name() + " = excluded." + c.name()).collect(Collectors.joining(", ")));
		sql.append(", clocks = excluded.clocks, version = excluded.version, updated_at = excluded.updated_at");
		return sql.toString();
	}

}
