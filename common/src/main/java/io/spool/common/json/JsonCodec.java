package io.spool.common.json;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of Spool. Reading is bounded explicitly, because webhook bodies come from the outside:
 * nesting depth, number length and string length are limited, duplicate keys are refused (two readers of a
 * signed body must never disagree on what it says), and trailing garbage after the document is an error.
 * <p>
 * Instances are immutable and thread-safe; {@link #standard()} is the configuration every service uses.
 */
public final class JsonCodec {

	/** Deep enough for any real webhook, shallow enough that a hostile body cannot exhaust the stack. */
	public static final int MAX_NESTING_DEPTH = 64;

	/** Digits in one number: more is an attack on BigDecimal parsing, never a real id or amount. */
	public static final int MAX_NUMBER_LENGTH = 100;

	/** Characters in one string or name; the body limit bounds the document as a whole. */
	public static final int MAX_STRING_LENGTH = 1 << 20;

	private static final JsonCodec STANDARD = new JsonCodec();

	private final JsonMapper mapper;

	private JsonCodec() {
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNameLength(MAX_STRING_LENGTH)
			.build();
		// Buffers recycled per thread, not through Jackson's default shared deque (made for virtual threads): Spool's
		// JSON work runs on a few platform threads (event loops, schedulers), and two event loops taking and returning
		// buffers to one deque for every document were 4 % of the ingest's samples (docs/benchmarks.md)
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(limits)
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build();
		this.mapper = JsonMapper.builder(factory)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.addModule(new SimpleModule("spool-instants").addDeserializer(Instant.class, new UtcInstants()))
			.build();
	}

	public static JsonCodec standard() {
		return STANDARD;
	}

	/** The configured mapper, for frameworks that need one (HTTP codecs, serializers). */
	public JsonMapper mapper() {
		return mapper;
	}

	/**
	 * Parses a whole document.
	 * @throws JsonFormatException when the bytes are not one well-formed JSON document within the limits
	 */
	public JsonNode readTree(byte[] json) {
		try {
			JsonNode node = mapper.readTree(json);
			if (node == null || node.isMissingNode()) {
				throw new JsonFormatException("empty body", null);
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new JsonFormatException(describe(ex), ex);
		}
	}

	public <T> T read(byte[] json, Class<T> type) {
		try {
			return mapper.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new JsonFormatException(describe(ex), ex);
		}
	}

	public byte[] write(Object value) {
		return mapper.writeValueAsBytes(value);
	}

	public String writeString(Object value) {
		return mapper.writeValueAsString(value);
	}

	public ObjectNode object() {
		return JsonNodeFactory.instance.objectNode();
	}

	/** The parser's message without the source excerpt Jackson appends, so that no payload echoes back. */
	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message == null) {
			return "malformed JSON";
		}
		int newline = message.indexOf('\n');
		String first = newline >= 0 ? message.substring(0, newline) : message;
		return first.length() > 200 ? first.substring(0, 200) + "…" : first;
	}

}
