package io.spool.common.trace;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTests {

	private static final String SAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void parsesTheSpecificationsExample() {
		TraceParent parent = TraceParent.parse(SAMPLE).orElseThrow();
		assertThat(parent.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(parent.parentId()).isEqualTo("00f067aa0ba902b7");
		assertThat(parent).hasToString(SAMPLE);
	}

	@Test
	void refusesMalformedAndAllZeroIds() {
		assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
		assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
		assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
		assertThat(TraceParent.parse("garbage")).isEmpty();
		assertThat(TraceParent.parse(null)).isEmpty();
	}

	@Test
	void acceptsUpperCaseAndSurroundingSpacesAndRefusesAnythingLongerOrShorter() {
		assertThat(TraceParent.parse(" " + SAMPLE.toUpperCase(Locale.ROOT) + "\t")).hasValueSatisfying(
				parent -> assertThat(parent).hasToString(SAMPLE));
		assertThat(TraceParent.parse(SAMPLE + "0")).isEmpty();
		assertThat(TraceParent.parse(SAMPLE.substring(1))).isEmpty();
		assertThat(TraceParent.parse(SAMPLE.replace("-01", "-0g"))).isEmpty();
		assertThat(TraceParent.parse(SAMPLE.replace("b7-", "b7+"))).isEmpty();
	}

	@Test
	void agreesWithTheSpecificationsGrammarOnEveryOneCharacterChangeOfAValidHeader() {
		// the grammar of W3C Trace Context version 00, as a regular expression: the oracle for the hand-written check
		Pattern grammar = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
		String alphabet = "0123456789abcdefABCDEFgxz- ";
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			char[] chars = SAMPLE.toCharArray();
			chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			String header = new String(chars);
			String lower = header.strip().toLowerCase(Locale.ROOT);
			boolean valid = grammar.matcher(lower).matches() && !lower.substring(3, 35).matches("0+")
					&& !lower.substring(36, 52).matches("0+");
			assertThat(TraceParent.parse(header)).as(header).matches(parsed -> parsed.isPresent() == valid);
		}
	}

	@Test
	void continuesTheSendersTraceWithANewSpan() {
		TraceParent child = TraceParent.continueOrStart(SAMPLE);
		assertThat(child.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(child.parentId()).isNotEqualTo("00f067aa0ba902b7").hasSize(16);
		assertThat(TraceParent.parse(child.toString())).contains(child);
	}

	@Test
	void startsANewTraceWithoutAValidOne() {
		TraceParent started = TraceParent.continueOrStart("nonsense");
		assertThat(started.traceId()).hasSize(32);
		assertThat(TraceParent.parse(started.toString())).isPresent();
	}

}
