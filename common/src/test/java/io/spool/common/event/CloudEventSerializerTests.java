package io.spool.common.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import io.spool.common.json.JsonCodec;
import io.spool.common.json.RawJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventSerializerTests {

	private static final String[] TEXTS = { "job.started", "printer/printer_123", "ünïcødé €", "quote \" and \\ slash",
			"line\nbreak\ttab\u0001", "😀 astral", "/sources/marketplace",
			"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

	private final JsonCodec codec = JsonCodec.standard();

	/** What the bean serializer wrote from the record's annotations: the attributes in order, nulls left out. */
	private byte[] expected(CloudEvent event) {
		ObjectNode tree = codec.object();
		tree.put("specversion", event.specversion());
		tree.put("id", event.id());
		tree.put("source", event.source());
		tree.put("type", event.type());
		putIfPresent(tree, "subject", event.subject());
		putIfPresent(tree, "time", event.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(event.time()));
		putIfPresent(tree, "datacontenttype", event.datacontenttype());
		putIfPresent(tree, "sourceeventid", event.sourceeventid());
		putIfPresent(tree, "sourcetype", event.sourcetype());
		putIfPresent(tree, "receivedat",
				event.receivedat() == null ? null : DateTimeFormatter.ISO_INSTANT.format(event.receivedat()));
		putIfPresent(tree, "traceparent", event.traceparent());
		if (event.data() != null) {
			tree.set("data", event.data());
		}
		return codec.write(tree);
	}

	private static void putIfPresent(ObjectNode tree, String name, String value) {
		if (value != null) {
			tree.put(name, value);
		}
	}

	private static String text(SplittableRandom random, boolean optional) {
		return optional && random.nextInt(4) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)] + random.nextInt(100);
	}

	private static Instant instant(SplittableRandom random) {
		return switch (random.nextInt(5)) {
			case 0 -> null;
			case 1 -> Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L)); // whole seconds
			case 2 -> Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L));
			case 3 -> Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
					random.nextInt(1_000_000_000));
			default -> Instant.ofEpochSecond(random.nextLong(253_402_300_800L, 1_000_000_000_000L)); // year 10000+
		};
	}

	private JsonNode data(SplittableRandom random) {
		return switch (random.nextInt(3)) {
			case 0 -> null;
			case 1 -> codec.object().put("printerId", text(random, false)).put("progress", random.nextInt(101));
			default -> {
				ObjectNode data = codec.object().put("jobId", text(random, false));
				data.putRawValue("payload",
						RawJson.of("{ \"n\": 19.990000000000000000001, \"s\": \"é\" }".getBytes(StandardCharsets.UTF_8))
							.orElseThrow()
							.value());
				yield data;
			}
		};
	}

	@Test
	void writesTheAttributesInOrderLeavingOutAbsentOnesWithInstantsAsIsoInstant() {
		SplittableRandom random = new SplittableRandom(23);
		for (int i = 0; i < 20_000; i++) {
			CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, text(random, false), text(random, false),
					text(random, false), text(random, true), instant(random), random.nextBoolean() ? CloudEvent.JSON : null,
					data(random), text(random, true), text(random, true), instant(random), text(random, true));
			byte[] expected = expected(event);
			assertThat(new String(codec.write(event), StandardCharsets.UTF_8))
				.isEqualTo(new String(expected, StandardCharsets.UTF_8));
			assertThat(codec.writeString(event)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
		}
	}

	@Test
	void writesWhatReadsBackAsTheSameEvent() {
		SplittableRandom random = new SplittableRandom(29);
		for (int i = 0; i < 2_000; i++) {
			CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, text(random, false), text(random, false),
					text(random, false), text(random, true), instant(random), CloudEvent.JSON,
					codec.object().put("n", i), text(random, true), text(random, true), instant(random),
					text(random, true));
			assertThat(codec.read(codec.write(event), CloudEvent.class)).isEqualTo(event);
		}
	}

}
