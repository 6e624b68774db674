package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.spool.common.event.EventTypes;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.SeedPayloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketplaceFormatTests {

	private final MarketplaceFormat format = new MarketplaceFormat();

	private Normalized normalize(String payload) {
		return format.normalize((ObjectNode) JsonCodec.standard().readTree(payload.getBytes(StandardCharsets.UTF_8)),
				request("marketplace"));
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "product.created, product.created", "product.updated, product.updated",
			"product.deleted, product.deleted", "product.image.updated, product.image_updated" })
	void mapsTheMarketplacesEvents(String eventType, String canonical) {
		assertThat(normalize(SeedPayloads.marketplace(eventType, "e1", "12345")).type()).isEqualTo(canonical);
	}

	@Test
	void readsTheSeedPayload() {
		Normalized n = normalize(SeedPayloads.marketplace("product.created", "test_001", "12345"));
		assertThat(n.subject()).isEqualTo("product/12345");
		assertThat(n.time()).isEqualTo(Instant.parse("2025-11-12T10:00:00Z"));
		assertThat(n.fields().path("productId").asString()).isEqualTo("12345");
		assertThat(n.fields().path("title").asString()).isEqualTo("Test");
		assertThat(n.fields().path("imageKey").asString()).isEqualTo("12345/test.jpg");
	}

	@Test
	void findsTheEventIdInEventId() {
		assertThat(format.defaultIdPointer()).isEqualTo("/event_id");
	}

	@Test
	void refusesAProductEventWithoutProduct() {
		assertThatThrownBy(() -> normalize("{\"event_type\":\"product.created\",\"event_id\":\"x\",\"data\":{}}"))
			.isInstanceOf(UnusablePayloadException.class)
			.hasMessageContaining("product_id");
	}

	@Test
	void refusesAPayloadWithoutEventType() {
		assertThatThrownBy(() -> normalize("{\"event_id\":\"x\",\"data\":{\"product_id\":1}}"))
			.isInstanceOf(UnusablePayloadException.class);
	}

	@Test
	void keepsAnUnknownEventWithoutProduct() {
		Normalized n = normalize("{\"event_type\":\"catalog.reindexed\",\"event_id\":\"x\"}");
		assertThat(n.type()).isEqualTo(EventTypes.UNKNOWN);
		assertThat(n.subject()).isNull();
	}

}
