package io.spool.dispatcher.apply.r2dbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.EntityKind;
import io.spool.dispatcher.apply.StateView;
import io.spool.dispatcher.query.BadQueryException;
import io.spool.dispatcher.query.EventFilter;
import io.spool.dispatcher.query.Page;
import io.spool.dispatcher.query.StateQueries;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;

/** The read API's queries on PostgreSQL. Every filter is a bound parameter; column names come from a fixed list. */
public final class PostgresQueries implements StateQueries {

	private static final String EVENT_COLUMNS = "seq, id::text as id, source, source_event_id, type, source_type, "
			+ "subject, printer_id, job_id, event_time, received_at, processed, processed_at, processing_error, "
			+ "kafka_topic, kafka_partition, kafka_offset";

	private final DatabaseClient db;

	private final JsonCodec codec;

	public PostgresQueries(DatabaseClient db, JsonCodec codec) {
		this.db = db;
		this.codec = codec;
	}

	@Override
	public Set<String> filterableFields(EntityKind kind) {
		return EntityTable.ALL.get(kind)
			.columns()
			.stream()
			.filter(c -> !c.isJson())
			.map(EntityTable.Column::field)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Mono<Page<ObjectNode>> entities(EntityKind kind, Map<String, String> filters, int limit, String after) {
		EntityTable table = EntityTable.ALL.get(kind);
		StringBuilder sql = new StringBuilder(table.selectSql().replace(" where id = any($1::text[])", " where version > 0"));
		List<Object> binds = new ArrayList<>();
		for (EntityTable.Column column : table.columns()) {
			String value = filters.get(column.field());
			if (value != null) {
				check(column, value);
				binds.add(value);
				sql.append(" and ").append(column.name()).append(" = $").append(binds.size()).append("::text::")
					.append(column.sqlType());
			}
		}
		if (after != null) {
			binds.add(after);
			sql.append(" and id > $").append(binds.size());
		}
		sql.append(" order by id limit ").append(limit + 1);
		DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
		for (int i = 0; i < binds.size(); i++) {
			spec = spec.bind(i, binds.get(i));
		}
		return spec.map(row -> EntityRows.read(table, row, codec))
			.all()
			.collectList()
			.map(entities -> {
				boolean more = entities.size() > limit;
				List<ObjectNode> items = entities.stream().limit(limit).map(StateView::of).toList();
				String next = more ? entities.get(limit - 1).ref().id() : null;
				return new Page<>(items, next);
			});
	}

	@Override
	public Mono<ObjectNode> entity(EntityKind kind, String id) {
		EntityTable table = EntityTable.ALL.get(kind);
		return db.sql(table.selectSql() + " and version > 0")
			.bind(0, new String[] { id })
			.map(row -> EntityRows.read(table, row, codec))
			.one()
			.map(StateView::of);
	}

	@Override
	public Mono<Page<ObjectNode>> events(EventFilter filter, int limit, Long before) {
		StringBuilder sql = new StringBuilder("select " + EVENT_COLUMNS + " from event_log where true");
		List<Object> binds = new ArrayList<>();
		condition(sql, binds, "source", filter.source());
		condition(sql, binds, "type", filter.type());
		condition(sql, binds, "subject", filter.subject());
		if ("processed".equals(filter.status())) {
			sql.append(" and processed");
		}
		else if ("failed".equals(filter.status())) {
			sql.append(" and not processed");
		}
		if (filter.since() != null) {
			binds.add(filter.since().toString());
			sql.append(" and received_at >= $").append(binds.size()).append("::timestamptz");
		}
		if (filter.until() != null) {
			binds.add(filter.until().toString());
			sql.append(" and received_at < $").append(binds.size()).append("::timestamptz");
		}
		if (before != null) {
			binds.add(before);
			sql.append(" and seq < $").append(binds.size());
		}
		sql.append(" order by seq desc limit ").append(limit + 1);
		DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
		for (int i = 0; i < binds.size(); i++) {
			spec = spec.bind(i, binds.get(i));
		}
		return spec.map(row -> new Object[] { row.get("seq", Long.class), eventView(row) })
			.all()
			.collectList()
			.map(rows -> {
				boolean more = rows.size() > limit;
				List<ObjectNode> items = rows.stream().limit(limit).map(r -> (ObjectNode) r[1]).toList();
				String next = more ? String.valueOf(rows.get(limit - 1)[0]) : null;
				return new Page<>(items, next);
			});
	}

	@Override
	public Mono<ObjectNode> event(UUID id) {
		return db.sql("select " + EVENT_COLUMNS + ", payload::text as payload from event_log where id = $1")
			.bind(0, id)
			.map(row -> {
				ObjectNode view = eventView(row);
				view.set("payload", codec.readTree(row.get("payload", String.class).getBytes(StandardCharsets.UTF_8)));
				return view;
			})
			.one();
	}

	private static void check(EntityTable.Column column, String value) {
		boolean valid = switch (column.sqlType()) {
			case "boolean" -> value.equals("true") || value.equals("false");
			case "integer" -> value.matches("-?\\d{1,9}");
			case "timestamptz" -> {
				try {
					Instant.parse(value);
					yield true;
				}
				catch (java.time.format.DateTimeParseException ex) {
					yield false;
				}
			}
			default -> true;
		};
		if (!valid) {
			throw new BadQueryException(column.field() + " must be a " + column.sqlType());
		}
	}

	private static void condition(StringBuilder sql, List<Object> binds, String column, String value) {
		if (value != null) {
			binds.add(value);
			sql.append(" and ").append(column).append(" = $").append(binds.size());
		}
	}

	private ObjectNode eventView(Readable row) {
		ObjectNode view = codec.object();
		view.put("id", row.get("id", String.class));
		view.put("source", row.get("source", String.class));
		view.put("sourceEventId", row.get("source_event_id", String.class));
		view.put("type", row.get("type", String.class));
		view.put("sourceType", row.get("source_type", String.class));
		view.put("subject", row.get("subject", String.class));
		view.put("printerId", row.get("printer_id", String.class));
		view.put("jobId", row.get("job_id", String.class));
		view.put("eventTime", text(row.get("event_time", Instant.class)));
		view.put("receivedAt", text(row.get("received_at", Instant.class)));
		Boolean processed = row.get("processed", Boolean.class);
		view.put("processed", Boolean.TRUE.equals(processed));
		view.put("processedAt", text(row.get("processed_at", Instant.class)));
		view.put("processingError", row.get("processing_error", String.class));
		ObjectNode kafka = view.putObject("kafka");
		kafka.put("topic", row.get("kafka_topic", String.class));
		kafka.put("partition", row.get("kafka_partition", Integer.class));
		kafka.put("offset", row.get("kafka_offset", Long.class));
		return view;
	}

	private static String text(Instant instant) {
		return instant == null ? null : instant.toString();
	}

}
