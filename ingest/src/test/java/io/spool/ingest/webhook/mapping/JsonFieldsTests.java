package io.spool.ingest.webhook.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldsTests {

	private static final String MUTATIONS = "0123456789-:.TZtz+ 9";

	@Test
	void readsTimestampsOfEveryFormTheFormatsAccept() {
		assertThat(time("2025-11-12T10:00:00Z")).isEqualTo(Instant.parse("2025-11-12T10:00:00Z"));
		assertThat(time("2025-11-12T10:00:00.123456Z")).isEqualTo(Instant.parse("2025-11-12T10:00:00.123456Z"));
		assertThat(time("2025-11-12T11:00:00+01:00")).isEqualTo(Instant.parse("2025-11-12T10:00:00Z"));
		assertThat(time("2025-11-12T10:00Z")).isEqualTo(Instant.parse("2025-11-12T10:00:00Z"));
		assertThat(time("1730132000")).isEqualTo(Instant.ofEpochSecond(1730132000));
		assertThat(time("1730132000123")).isEqualTo(Instant.ofEpochMilli(1730132000123L));
		for (String unreadable : List.of("yesterday", "", "2025-11-12", "2025-13-12T10:00:00Z", "-5", "0")) {
			assertThat(time(unreadable)).as(unreadable).isNull();
		}
	}

	@Test
	void readsEveryTextAsTheParsersOfTheJdkDid() {
		// the fast path for UTC instants must not change what any text means
		SplittableRandom random = new SplittableRandom(17);
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
					random.nextInt(1_000_000_000));
			StringBuilder text = new StringBuilder(instant.toString());
			if (random.nextBoolean()) {
				int at = random.nextInt(text.length());
				char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
				switch (random.nextInt(3)) {
					case 0 -> text.setCharAt(at, c);
					case 1 -> text.insert(at, c);
					default -> text.deleteCharAt(at);
				}
			}
			assertThat(time(text.toString())).as(text.toString()).isEqualTo(beforeTheFastPath(text.toString()));
		}
	}

	private static Instant time(String text) {
		ObjectNode node = JsonNodeFactory.instance.objectNode().put("at", text);
		return JsonFields.time(node, "/at");
	}

	/** What {@code JsonFields.time} answered for a text before it read UTC instants itself. */
	private static Instant beforeTheFastPath(String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			long value = Long.parseLong(text);
			return value <= 0 ? null : value >= 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
		}
		catch (NumberFormatException notANumber) {
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeException notATime) {
				return null;
			}
		}
	}

}
