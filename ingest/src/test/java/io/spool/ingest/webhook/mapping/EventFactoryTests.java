package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.ingest.SeedPayloads;
import io.spool.ingest.webhook.Requests;
import io.spool.ingest.webhook.WebhookRequest;
import io.spool.ingest.webhook.source.Format;
import io.spool.ingest.webhook.source.Source;
import io.spool.ingest.webhook.source.SourceProperties;
import io.spool.ingest.webhook.source.SourceRegistry;
import io.spool.ingest.webhook.source.Verification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.spool.ingest.webhook.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

class EventFactoryTests {

	private static Source source(String name, Format format, String idHeader, String idPointer) {
		SourceProperties p = new SourceProperties(format, Verification.NONE, null, java.util.List.of(),
				"X-Webhook-Signature", "sha256=", null, java.time.Duration.ofMinutes(5), null, "/type", idHeader,
				idPointer, null, 0);
		return new SourceRegistry(Map.of(name, p)).find(name).orElseThrow();
	}

	private static CloudEvent create(Source source, WebhookRequest request, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ObjectNode payload = (ObjectNode) JsonCodec.standard().readTree(bytes);
		return EventFactory.create(source, request, bytes, payload, source.format().normalize(payload, request));
	}

	@Test
	void buildsTheCloudEventOfASimplePrintWebhook() {
		String body = SeedPayloads.simplePrint("job.finished", "job_1", "printer_123");
		CloudEvent event = create(source("simpleprint", Format.SIMPLEPRINT, null, null), request("simpleprint"), body);
		assertThat(event.specversion()).isEqualTo("1.0");
		assertThat(event.source()).isEqualTo("/sources/simpleprint");
		assertThat(event.type()).isEqualTo("job.completed");
		assertThat(event.sourcetype()).isEqualTo("job.finished");
		assertThat(event.subject()).isEqualTo("printer/printer_123");
		assertThat(event.datacontenttype()).isEqualTo("application/json");
		assertThat(event.receivedat()).isEqualTo(Requests.NOW);
		assertThat(event.time()).isEqualTo(java.time.Instant.ofEpochSecond(1730132000));
		assertThat(event.data().path("jobId").asString()).isEqualTo("job_1");
		assertThat(written(event).path("data").path("payload").path("webhook_id").asInt()).isEqualTo(77777);
	}

	private static JsonNode written(CloudEvent event) {
		return JsonCodec.standard().readTree(JsonCodec.standard().write(event));
	}

	@Test
	void theSendersBodyGoesIntoTheEventAsItCame() {
		String body = "{ \"event_type\": \"product.updated\", \"event_id\": \"e1\",\n  \"data\": {\"product_id\": \"12345\", "
				+ "\"price\": 19.990000000000000000001, \"title\": \"Bücher 📚\"} }";
		CloudEvent event = create(source("market", Format.MARKETPLACE, null, null), request("market"), body);
		String json = new String(JsonCodec.standard().write(event), StandardCharsets.UTF_8);
		assertThat(json).contains("\"payload\":" + body + "}");
		assertThat(written(event).path("data").path("productId").asString()).isEqualTo("12345");
	}

	@Test
	void aBodyThatIsNotStrictUtf8GoesInAsItsTreeInProperUtf8() throws Exception {
		// an overlong '/' (C0 AF): the parser reads it, UTF-8 forbids it, the tree writes a plain '/'
		String[] around = SeedPayloads.marketplace("product.created", "test|001", "12345").split("\\|");
		byte[] prefix = around[0].getBytes(StandardCharsets.UTF_8);
		byte[] suffix = around[1].getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + 2 + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		body[prefix.length] = (byte) 0xC0;
		body[prefix.length + 1] = (byte) 0xAF;
		System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
		ObjectNode payload = (ObjectNode) JsonCodec.standard().readTree(body);
		Source source = source("market", Format.MARKETPLACE, null, null);
		CloudEvent event = EventFactory.create(source, request("market"), body, payload,
				source.format().normalize(payload, request("market")));
		byte[] json = JsonCodec.standard().write(event);
		String strict = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(json)).toString();
		assertThat(strict).contains("\"event_id\":\"test/001\"");
	}

	@Test
	void usesTheSha256OfTheRawBodyWhenNoIdIsConfigured() {
		String body = SeedPayloads.simplePrint("job.started", "job_1", "printer_123");
		CloudEvent event = create(source("simpleprint", Format.SIMPLEPRINT, null, null), request("simpleprint"), body);
		assertThat(event.sourceeventid()).isEqualTo(EventFactory.sha256(body.getBytes(StandardCharsets.UTF_8)))
			.hasSize(64);
	}

	@Test
	void usesTheFormatsDefaultPointer() {
		CloudEvent event = create(source("market", Format.MARKETPLACE, null, null), request("market"),
				SeedPayloads.marketplace("product.created", "test_001", "12345"));
		assertThat(event.sourceeventid()).isEqualTo("test_001");
	}

	@Test
	void prefersTheIdHeaderOverThePointer() {
		CloudEvent event = create(source("market", Format.MARKETPLACE, "X-Event-Id", null),
				request("market", "X-Event-Id", "from-header"),
				SeedPayloads.marketplace("product.created", "test_001", "12345"));
		assertThat(event.sourceeventid()).isEqualTo("from-header");
	}

	@Test
	void fallsBackToThePointerWhenTheHeaderIsMissing() {
		CloudEvent event = create(source("market", Format.MARKETPLACE, "X-Event-Id", null), request("market"),
				SeedPayloads.marketplace("product.created", "test_001", "12345"));
		assertThat(event.sourceeventid()).isEqualTo("test_001");
	}

	@Test
	void readsNumericIdsThroughAConfiguredPointer() {
		CloudEvent event = create(source("simpleprint", Format.SIMPLEPRINT, null, "/webhook_id"),
				request("simpleprint"), SeedPayloads.simplePrint("job.started", "j", "p"));
		assertThat(event.sourceeventid()).isEqualTo("77777");
	}

	@Test
	void givesTheSameGatewayIdToTheSameSenderEventTwice() {
		Source market = source("market", Format.MARKETPLACE, null, null);
		CloudEvent first = create(market, request("market"), SeedPayloads.marketplace("product.created", "e-1", "1"));
		CloudEvent again = create(market, request("market"), SeedPayloads.marketplace("product.created", "e-1", "1"));
		CloudEvent other = create(market, request("market"), SeedPayloads.marketplace("product.created", "e-2", "1"));
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(other.id()).isNotEqualTo(first.id());
	}

	@Test
	void givesDifferentGatewayIdsToTheSameIdFromTwoSources() {
		assertThat(EventFactory.gatewayId("a", "1")).isNotEqualTo(EventFactory.gatewayId("b", "1"));
	}

	@Test
	void hashesAnOverlongSenderId() {
		String longId = "x".repeat(EventFactory.MAX_ID_LENGTH + 1);
		CloudEvent event = create(source("market", Format.MARKETPLACE, null, null), request("market"),
				SeedPayloads.marketplace("product.created", longId, "1"));
		assertThat(event.sourceeventid()).hasSize(64).doesNotContain("xxx");
	}

	@Test
	void fallsBackToTheSourceAsSubjectWhenThePayloadNamesNoEntity() {
		CloudEvent event = create(source("simpleprint", Format.SIMPLEPRINT, null, null), request("simpleprint"),
				"{\"event\":\"file.created\",\"data\":{\"file\":{\"name\":\"a.gcode\"}}}");
		assertThat(event.subject()).isEqualTo("source/simpleprint");
		assertThat(event.time()).isEqualTo(Requests.NOW);
	}

}
