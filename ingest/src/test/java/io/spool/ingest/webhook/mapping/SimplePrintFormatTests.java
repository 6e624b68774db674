package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.spool.common.event.EventTypes;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.SeedPayloads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimplePrintFormatTests {

	private final SimplePrintFormat format = new SimplePrintFormat();

	private static ObjectNode json(String text) {
		return (ObjectNode) JsonCodec.standard().readTree(text.getBytes(StandardCharsets.UTF_8));
	}

	private Normalized normalize(String payload) {
		return format.normalize(json(payload), request("simpleprint"));
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "job.started, job.started", "job.finished, job.completed", "job.completed, job.completed",
			"job.failed, job.failed", "job.paused, job.paused", "job.resumed, job.resumed",
			"job.cancelled, job.cancelled", "job.progress, job.progress", "queue.changed, queue.changed",
			"queue.item_added, queue.changed", "queue.item_deleted, queue.changed", "queue.item_moved, queue.changed",
			"printer.online, printer.online", "printer.offline, printer.offline",
			"printer.state_changed, printer.state_changed", "file.created, file.created",
			"file.deleted, file.deleted" })
	void mapsEverySimplePrintEventToItsCanonicalType(String event, String canonical) {
		Normalized n = normalize(SeedPayloads.simplePrint(event, "job_1", "printer_1"));
		assertThat(n.type()).isEqualTo(canonical);
		assertThat(n.sourceType()).isEqualTo(event);
	}

	@Test
	void coversTheSeventeenEventsOfBothSeeds() {
		assertThat(SimplePrintFormat.TYPES).hasSize(17);
		assertThat(EventTypes.CANONICAL).containsAll(SimplePrintFormat.TYPES.values());
	}

	@Test
	void readsPrinterAndJobFromTheSeedPayload() {
		Normalized n = normalize(SeedPayloads.simplePrint("job.started", "test_after_fix", "printer_123"));
		assertThat(n.subject()).isEqualTo("printer/printer_123");
		assertThat(n.fields().path("printerId").asString()).isEqualTo("printer_123");
		assertThat(n.fields().path("printerName").asString()).isEqualTo("Test Printer #1");
		assertThat(n.fields().path("jobId").asString()).isEqualTo("test_after_fix");
		assertThat(n.fields().path("jobName").asString()).isEqualTo("test.gcode");
		assertThat(n.fields().path("jobStartedAt").asString()).isEqualTo("2024-10-28T16:13:20Z");
		assertThat(n.time()).isEqualTo(Instant.ofEpochSecond(1730132000));
	}

	@Test
	void usesTheJobAsSubjectWhenNoPrinterIsNamed() {
		Normalized n = normalize("{\"event\":\"job.progress\",\"data\":{\"job\":{\"id\":42,\"progress\":30}}}");
		assertThat(n.subject()).isEqualTo("job/42");
		assertThat(n.fields().path("progress").asInt()).isEqualTo(30);
		assertThat(n.time()).isNull();
	}

	@Test
	void readsNumericPrinterIds() {
		Normalized n = normalize("{\"event\":\"printer.online\",\"data\":{\"printer\":{\"id\":7}}}");
		assertThat(n.subject()).isEqualTo("printer/7");
	}

	@Test
	void keepsUnknownEventsAsUnknownWithTheSendersType() {
		Normalized n = normalize("{\"event\":\"printer.exploded\",\"data\":{}}");
		assertThat(n.type()).isEqualTo(EventTypes.UNKNOWN);
		assertThat(n.sourceType()).isEqualTo("printer.exploded");
		assertThat(n.subject()).isNull();
	}

	@Test
	void readsMillisecondTimestampsToo() {
		Normalized n = normalize("{\"event\":\"printer.online\",\"timestamp\":1730132000123}");
		assertThat(n.time()).isEqualTo(Instant.ofEpochMilli(1730132000123L));
	}

	@Test
	void refusesAPayloadWithoutEvent() {
		assertThatThrownBy(() -> normalize("{\"test\": true}")).isInstanceOf(UnusablePayloadException.class)
			.hasMessageContaining("event");
		assertThatThrownBy(() -> normalize("{\"event\": {\"nested\": 1}}")).isInstanceOf(UnusablePayloadException.class);
	}

	@Test
	void toleratesDataOfTheWrongShape() {
		Normalized n = normalize("{\"event\":\"job.started\",\"data\":\"oops\"}");
		assertThat(n.type()).isEqualTo(EventTypes.JOB_STARTED);
		assertThat(n.subject()).isNull();
	}

}
