package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;

import io.spool.common.json.JsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenericFormatTests {

	private static ObjectNode json(String text) {
		return (ObjectNode) JsonCodec.standard().readTree(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void keepsTheSendersOwnTypeFromThePointer() {
		Normalized n = new GenericFormat(null, "/type", "/order/id")
			.normalize(json("{\"type\":\"order.shipped\",\"order\":{\"id\":\"o-1\"}}"), request("erp"));
		assertThat(n.type()).isEqualTo("order.shipped");
		assertThat(n.sourceType()).isEqualTo("order.shipped");
		assertThat(n.subject()).isEqualTo("o-1");
		assertThat(n.fields().isEmpty()).isTrue();
	}

	@Test
	void prefersTheTypeHeaderOverThePointer() {
		Normalized n = new GenericFormat("X-Event-Type", "/type", null)
			.normalize(json("{\"type\":\"from.body\"}"), request("erp", "X-Event-Type", "from.header"));
		assertThat(n.type()).isEqualTo("from.header");
		assertThat(n.subject()).isNull();
	}

	@Test
	void fallsBackToThePointerWhenTheHeaderIsAbsent() {
		Normalized n = new GenericFormat("X-Event-Type", "/type", null).normalize(json("{\"type\":\"from.body\"}"),
				request("erp"));
		assertThat(n.type()).isEqualTo("from.body");
	}

	@Test
	void refusesAPayloadWithoutType() {
		assertThatThrownBy(() -> new GenericFormat(null, "/type", null).normalize(json("{\"kind\":\"x\"}"),
				request("erp")))
			.isInstanceOf(UnusablePayloadException.class)
			.hasMessageContaining("/type");
	}

	@Test
	void refusesAnOverlongType() {
		String type = "t".repeat(GenericFormat.MAX_TYPE_LENGTH + 1);
		assertThatThrownBy(() -> new GenericFormat(null, "/type", null).normalize(json("{\"type\":\"" + type + "\"}"),
				request("erp")))
			.isInstanceOf(UnusablePayloadException.class);
	}

}
