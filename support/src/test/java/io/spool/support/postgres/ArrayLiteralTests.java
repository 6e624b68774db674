package io.spool.support.postgres;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayLiteralTests {

	@Test
	void quotesEveryElementAndEscapesOnlyQuotesAndBackslashes() {
		assertThat(ArrayLiteral.of(new String[] { "a", "b\"c", "d\\e", "", " ", "{,}", "NULL", "ü€😀" }))
			.isEqualTo("{\"a\",\"b\\\"c\",\"d\\\\e\",\"\",\" \",\"{,}\",\"NULL\",\"ü€😀\"}");
	}

	@Test
	void writesNullElementsAsSqlNullAndTheEmptyArrayAsBraces() {
		assertThat(ArrayLiteral.of(new String[] { null, "x", null })).isEqualTo("{NULL,\"x\",NULL}");
		assertThat(ArrayLiteral.of(new String[0])).isEqualTo("{}");
	}

	@Test
	void writesOtherValuesByTheirText() {
		UUID id = UUID.fromString("6f1c4c1e-1b1a-4b6b-9f3c-0c7c2a1d2e3f");
		assertThat(ArrayLiteral.of(Arrays.asList(id, null, 42L)))
			.isEqualTo("{\"6f1c4c1e-1b1a-4b6b-9f3c-0c7c2a1d2e3f\",NULL,\"42\"}");
	}

	@Test
	void readsBackAsTheSameElementsForRandomText() {
		Random random = new Random(7);
		String alphabet = "ab \"\\{},NUL\t\n'é😀";
		for (int round = 0; round < 2_000; round++) {
			String[] values = new String[random.nextInt(6)];
			for (int i = 0; i < values.length; i++) {
				if (random.nextInt(8) == 0) {
					continue;
				}
				StringBuilder value = new StringBuilder();
				for (int k = random.nextInt(8); k > 0; k--) {
					value.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
							random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
				}
				values[i] = value.toString();
			}
			assertThat(parse(ArrayLiteral.of(values))).containsExactly(values);
		}
	}

	/** PostgreSQL's reading of a one-dimensional literal (array_in), for the forms this class writes and NULL. */
	private static String[] parse(String literal) {
		assertThat(literal).startsWith("{").endsWith("}");
		List<String> values = new ArrayList<>();
		int i = 1;
		int end = literal.length() - 1;
		while (i < end) {
			if (literal.startsWith("NULL", i)) {
				values.add(null);
				i += 4;
			}
			else {
				assertThat(literal.charAt(i)).isEqualTo('"');
				StringBuilder value = new StringBuilder();
				for (i++; literal.charAt(i) != '"'; i++) {
					value.append(literal.charAt(i) == '\\' ? literal.charAt(++i) : literal.charAt(i));
				}
				values.add(value.toString());
				i++;
			}
			if (i < end) {
				assertThat(literal.charAt(i)).isEqualTo(',');
				i++;
			}
		}
		return values.toArray(String[]::new);
	}

}
