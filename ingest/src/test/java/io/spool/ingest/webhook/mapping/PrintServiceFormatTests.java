package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.spool.common.event.EventTypes;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.SeedPayloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrintServiceFormatTests {

	private final PrintServiceFormat format = new PrintServiceFormat();

	private Normalized normalize(String payload) {
		return format.normalize((ObjectNode) JsonCodec.standard().readTree(payload.getBytes(StandardCharsets.UTF_8)),
				request("print-service"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "pending", "downloading", "slicing", "uploading", "printing", "complete", "failed" })
	void mapsEveryStatusOfTheStatusMachineToStatusChanged(String status) {
		Normalized n = normalize(SeedPayloads.printService("550e8400-e29b-41d4-a716-446655440000", status));
		assertThat(n.type()).isEqualTo(EventTypes.JOB_STATUS_CHANGED);
		assertThat(n.sourceType()).isEqualTo("job_status_update");
		assertThat(n.fields().path("status").asString()).isEqualTo(status);
	}

	@Test
	void readsTheSeedPayload() {
		Normalized n = normalize(SeedPayloads.printService("550e8400-e29b-41d4-a716-446655440000", "printing"));
		assertThat(n.subject()).isEqualTo("job/550e8400-e29b-41d4-a716-446655440000");
		assertThat(n.time()).isEqualTo(Instant.parse("2025-01-15T10:30:00Z"));
		assertThat(n.fields().path("jobId").asString()).isEqualTo("550e8400-e29b-41d4-a716-446655440000");
		assertThat(n.fields().path("filename").asString()).isEqualTo("model.stl");
		assertThat(n.fields().has("errorMessage")).isFalse();
	}

	@Test
	void normalizesStatusCase() {
		assertThat(normalize(SeedPayloads.printService("j1", "PRINTING")).fields().path("status").asString())
			.isEqualTo("printing");
	}

	@Test
	void fallsBackToTheJobObjectForIdAndStatus() {
		Normalized n = normalize("{\"event\":\"job_status_update\",\"job\":{\"id\":\"j9\",\"status\":\"failed\","
				+ "\"error_message\":\"nozzle clog\"}}");
		assertThat(n.subject()).isEqualTo("job/j9");
		assertThat(n.fields().path("errorMessage").asString()).isEqualTo("nozzle clog");
	}

	@Test
	void refusesAStatusUpdateWithoutJobOrStatus() {
		assertThatThrownBy(() -> normalize("{\"event\":\"job_status_update\",\"status\":\"printing\"}"))
			.isInstanceOf(UnusablePayloadException.class)
			.hasMessageContaining("job_id");
		assertThatThrownBy(() -> normalize("{\"event\":\"job_status_update\",\"job_id\":\"j1\"}"))
			.isInstanceOf(UnusablePayloadException.class)
			.hasMessageContaining("status");
	}

	@Test
	void keepsOtherEventsAsUnknown() {
		Normalized n = normalize("{\"event\":\"job_created\",\"job_id\":\"j1\"}");
		assertThat(n.type()).isEqualTo(EventTypes.UNKNOWN);
		assertThat(n.subject()).isEqualTo("job/j1");
	}

}
