package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptResultTests {

	@ParameterizedTest(name = "HTTP {0} is {1}")
	@CsvSource({ "200, SENT", "204, SENT", "500, RETRYABLE", "503, RETRYABLE", "408, RETRYABLE", "429, RETRYABLE",
			"410, GONE", "400, PERMANENT", "401, PERMANENT", "404, PERMANENT", "422, PERMANENT", "301, PERMANENT",
			"302, PERMANENT" })
	void classifiesResponsesByTheContractsRetryRules(int status, AttemptResult.Outcome outcome) {
		assertThat(AttemptResult.ofStatus(status, "", null, Duration.ZERO).outcome()).isEqualTo(outcome);
	}

	@Test
	void keepsAtMostFourKibibytesOfTheResponse() {
		String big = "x".repeat(10_000);
		assertThat(AttemptResult.ofStatus(500, big, null, Duration.ZERO).responseBody()).hasSize(4096);
	}

	@Test
	void readsRetryAfterAsSecondsOrAsAnHttpDate() {
		Instant now = Instant.parse("2025-01-15T10:30:00Z");
		assertThat(AttemptResult.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
		assertThat(AttemptResult.parseRetryAfter("Wed, 15 Jan 2025 10:31:00 GMT", now)).isEqualTo(Duration.ofSeconds(60));
		assertThat(AttemptResult.parseRetryAfter("soon", now)).isNull();
		assertThat(AttemptResult.parseRetryAfter(null, now)).isNull();
	}

}
