package io.spool.dispatcher.apply.r2dbc;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.spool.dispatcher.support.EmbeddedDatabase;
import io.spool.support.postgres.ArrayLiteral;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores bind their arrays as {@link ArrayLiteral}s, one string each, cast in the statement: PostgreSQL reads
 * them back element for element, through the driver as the dispatcher uses it.
 */
class ArrayLiteralIT {

	private static DatabaseClient db;

	@BeforeAll
	static void database() {
		String name = EmbeddedDatabase.createDatabase();
		db = DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions
			.parse("r2dbc:postgresql://localhost:" + EmbeddedDatabase.shared().getPort() + "/" + name
					+ "?forceBinary=true")
			.mutate()
			.option(ConnectionFactoryOptions.USER, "postgres")
			.option(ConnectionFactoryOptions.PASSWORD, "postgres")
			.build()));
	}

	private static List<String> unnest(String[] values) {
		return db.sql("select x from unnest($1::text[]) with ordinality as t(x, n) order by n")
			.bind(0, ArrayLiteral.of(values))
			.map(row -> Optional.ofNullable(row.get("x", String.class)))
			.all()
			.collectList()
			.block()
			.stream()
			.map(value -> value.orElse(null))
			.toList();
	}

	@Test
	void textArraysComeBackElementForElement() {
		Random random = new Random(11);
		String alphabet = "ab \"\\{},()NUL\t\n'é€😀";
		for (int round = 0; round < 200; round++) {
			String[] values = new String[1 + random.nextInt(40)];
			for (int i = 0; i < values.length; i++) {
				if (random.nextInt(10) == 0) {
					continue;
				}
				StringBuilder value = new StringBuilder();
				for (int k = random.nextInt(12); k > 0; k--) {
					value.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
							random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
				}
				values[i] = value.toString();
			}
			assertThat(unnest(values)).containsExactly(values);
		}
	}

	@Test
	void theWordNullAndTheEmptyStringStayText() {
		assertThat(unnest(new String[] { "NULL", "null", "", null, " NULL " }))
			.containsExactly("NULL", "null", "", null, " NULL ");
	}

	@Test
	void uuidArraysMatchWithAny() {
		List<UUID> ids = IntStream.range(0, 300).mapToObj(i -> UUID.nameUUIDFromBytes(Integer.toString(i).getBytes())).toList();
		Long matched = db.sql("select count(*) from unnest($1::uuid[]) as t(id) where id = any($2::uuid[])")
			.bind(0, ArrayLiteral.of(ids))
			.bind(1, ArrayLiteral.of(ids.subList(0, 100)))
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(matched).isEqualTo(100L);
	}

}
