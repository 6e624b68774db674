package io.spool.common.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class UtcInstantsTests {

	private static final String MUTATIONS = "0123456789-:.TZtz+ 9";

	record Stamped(Instant at) {
	}

	@Test
	void readsEveryInstantOfTheStrictUtcFormAsTheJdkDoes() {
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
					random.nextInt(1_000_000_000));
			String text = instant.toString();
			assertThat(UtcInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
			String digits = String.format("%09d", instant.getNano()).substring(0, random.nextInt(1, 10));
			String withFraction = text.substring(0, 19) + "." + digits + "Z";
			assertThat(UtcInstants.parse(withFraction)).as(withFraction).isEqualTo(Instant.parse(withFraction));
		}
	}

	@Test
	void acceptsNothingTheJdkWouldReadDifferentlyOrRefuse() {
		SplittableRandom random = new SplittableRandom(13);
		String[] seeds = { "2026-11-24T19:10:28Z", "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00.5Z" };
		for (int i = 0; i < 30_000; i++) {
			StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
			int at = random.nextInt(text.length());
			char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
			switch (random.nextInt(3)) {
				case 0 -> text.setCharAt(at, c);
				case 1 -> text.insert(at, c);
				default -> text.deleteCharAt(at);
			}
			Instant fast = UtcInstants.parse(text.toString());
			if (fast != null) {
				assertThat(fast).as(text.toString()).isEqualTo(Instant.parse(text));
			}
		}
		for (String refused : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-24T24:00:00Z",
				"2026-11-24T19:10:60Z", "2026-11-24T19:10:28.Z", "2026-11-24T19:10:28.1234567890Z")) {
			assertThat(UtcInstants.parse(refused)).as(refused).isNull();
		}
	}

	@Test
	void readsThroughTheCodecWhatJacksonAloneReadsAndRefusesWhatItRefuses() {
		JsonMapper plain = JsonMapper.builder().build();
		for (String value : List.of("\"2026-11-24T19:10:28Z\"", "\"2026-11-24T19:10:28.120Z\"",
				"\"2026-11-24T21:10:28+02:00\"", "\"2026-11-24t19:10:28z\"", "\"2016-12-31T23:59:60Z\"",
				"1750000000", "1750000000.5", "\"2026-02-30T00:00:00Z\"", "\"yesterday\"", "null")) {
			byte[] json = ("{\"at\":" + value + "}").getBytes(StandardCharsets.UTF_8);
			Object expected;
			try {
				expected = plain.readValue(json, Stamped.class);
			}
			catch (JacksonException | DateTimeParseException refused) {
				expected = JsonFormatException.class;
			}
			Object actual;
			try {
				actual = JsonCodec.standard().read(json, Stamped.class);
			}
			catch (JsonFormatException refused) {
				actual = JsonFormatException.class;
			}
			assertThat(actual).as(value).isEqualTo(expected);
		}
	}

	@Test
	void writesEveryInstantAsIsoInstantDoes() {
		SplittableRandom random = new SplittableRandom(17);
		char[] out = new char[UtcInstants.MAX_FORMATTED];
		int[] units = { 1, 1_000, 1_000_000, 1_000_000_000 }; // nine, six, three and no fraction digits
		for (int i = 0; i < 100_000; i++) {
			long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
			int unit = units[random.nextInt(units.length)];
			Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000) / unit * unit);
			int length = UtcInstants.format(instant, out);
			assertThat(new String(out, 0, length)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
		}
		for (Instant edge : List.of(Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
				Instant.EPOCH, Instant.parse("2024-02-29T00:00:00.000001Z"), Instant.parse("1969-12-31T23:59:59.9Z"))) {
			int length = UtcInstants.format(edge, out);
			assertThat(new String(out, 0, length)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(edge));
		}
	}

	@Test
	void leavesYearsPastFourDigitsToTheCaller() {
		char[] out = new char[UtcInstants.MAX_FORMATTED];
		assertThat(UtcInstants.format(Instant.parse("+10000-01-01T00:00:00Z"), out)).isEqualTo(-1);
		assertThat(UtcInstants.format(Instant.parse("-0001-12-31T23:59:59Z"), out)).isEqualTo(-1);
		assertThat(UtcInstants.format(Instant.MAX, out)).isEqualTo(-1);
		assertThat(UtcInstants.format(Instant.MIN, out)).isEqualTo(-1);
	}

}
