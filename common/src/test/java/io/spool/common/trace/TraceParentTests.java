package io.spool.common.trace;

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
