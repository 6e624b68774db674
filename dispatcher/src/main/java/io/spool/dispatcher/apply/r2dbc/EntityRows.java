package io.spool.dispatcher.apply.r2dbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.r2dbc.spi.Readable;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.Entity;
import io.spool.dispatcher.apply.EntityRef;

/** Reads a row selected by {@link EntityTable#selectSql()} back into an {@link Entity}. */
final class EntityRows {

	private EntityRows() {
	}

	static Entity read(EntityTable table, Readable row, JsonCodec codec) {
		Map<String, Object> fields = new HashMap<>();
		for (EntityTable.Column column : table.columns()) {
			Object value = switch (column.sqlType()) {
				case "boolean" -> row.get(column.name(), Boolean.class);
				case "integer" -> row.get(column.name(), Integer.class);
				case "timestamptz" -> row.get(column.name(), Instant.class);
				case "jsonb" -> json(row.get(column.name(), String.class), codec);
				default -> row.get(column.name(), String.class);
			};
			fields.put(column.field(), value);
		}
		Map<String, String> clocks = new HashMap<>();
		String clocksJson = row.get("clocks", String.class);
		if (clocksJson != null) {
			codec.readTree(clocksJson.getBytes(StandardCharsets.UTF_8))
				.properties()
				.forEach(e -> clocks.put(e.getKey(), e.getValue().asString()));
		}
		Long version = row.get("version", Long.class);
		return new Entity(new EntityRef(table.kind(), row.get("id", String.class)), fields, clocks,
				version == null ? 0 : version, row.get("updated_at", Instant.class));
	}

	private static Object json(String text, JsonCodec codec) {
		return text == null ? null : codec.readTree(text.getBytes(StandardCharsets.UTF_8));
	}

}
