package io.spool.common.event;

import java.time.Instant;

import io.spool.common.json.JsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventTests {

	private final JsonCodec codec = JsonCodec.standard();

	private CloudEvent sample() {
		ObjectNode data = codec.object();
		data.put("printerId", "printer_123");
		return new CloudEvent(CloudEvent.SPEC_VERSION, "id-1", "/sources/simpleprint", EventTypes.JOB_STARTED,
				"printer/printer_123", Instant.parse("2024-10-28T16:13:20Z"), CloudEvent.JSON, data, "77777",
				"job.started", Instant.parse("2024-10-28T16:13:21.123Z"));
	}

	@Test
	void writesStructuredModeWithExtensionsAsTopLevelAttributes() {
		JsonNode json = codec.readTree(codec.write(sample()));
		assertThat(json.path("specversion").asString()).isEqualTo("1.0");
		assertThat(json.path("time").asString()).isEqualTo("2024-10-28T16:13:20Z");
		assertThat(json.path("receivedat").asString()).isEqualTo("2024-10-28T16:13:21.123Z");
		assertThat(json.path("sourceeventid").asString()).isEqualTo("77777");
		assertThat(json.path("sourcetype").asString()).isEqualTo("job.started");
		assertThat(json.path("datacontenttype").asString()).isEqualTo("application/json");
		assertThat(json.path("data").path("printerId").asString()).isEqualTo("printer_123");
	}

	@Test
	void readsBackWhatItWrites() {
		CloudEvent event = sample();
		assertThat(codec.read(codec.write(event), CloudEvent.class)).isEqualTo(event);
	}

	@Test
	void knowsItsSourceName() {
		assertThat(sample().sourceName()).isEqualTo("simpleprint");
	}

	@Test
	void refusesAnEventWithoutType() {
		assertThatThrownBy(() -> new CloudEvent("1.0", "id", "/sources/x", " ", null, null, null, null, null, null,
				null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
