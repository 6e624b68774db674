package io.spool.support.postgres;

import java.util.Collection;

/**
 * PostgreSQL's text form of a one-dimensional array ({@code {"a","b\"c",NULL}}), to be bound as one string and
 * cast in the statement ({@code unnest($1::text[])}, {@code any($1::uuid[])}).
 * <p>
 * Why not bind a {@code String[]}: the R2DBC driver writes an array parameter element by element and character by
 * character into a {@code StringBuilder} that starts small and grows, which was 5–6 % of the dispatcher's CPU at
 * apply and at delivery, where every batched statement binds up to 16 arrays of hundreds of elements
 * (docs/benchmarks.md, "Seventh round"). Here every element is quoted, its length is known up front, and only
 * elements holding a quote or a backslash are copied character by character. Pure.
 */
public final class ArrayLiteral {

	private ArrayLiteral() {
	}

	/** The literal of {@code values}; a {@code null} element is SQL {@code NULL}, never the text "NULL". */
	public static String of(String[] values) {
		int size = 2;
		for (String value : values) {
			size += value == null ? 5 : value.length() + 3;
		}
		StringBuilder literal = new StringBuilder(size + 16).append('{');
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				literal.append(',');
			}
			append(literal, values[i]);
		}
		return literal.append('}').toString();
	}

	/** The literal of the elements' {@code toString()} (UUIDs, numbers), {@code null} elements as {@code NULL}. */
	public static String of(Collection<?> values) {
		String[] texts = new String[values.size()];
		int i = 0;
		for (Object value : values) {
			texts[i++] = value == null ? null : value.toString();
		}
		return of(texts);
	}

	private static void append(StringBuilder literal, String value) {
		if (value == null) {
			literal.append("NULL");
			return;
		}
		literal.append('"');
		if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
			literal.append(value);
		}
		else {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '"' || c == '\\') {
					literal.append('\\');
				}
				literal.append(c);
			}
		}
		literal.append('"');
	}

}
