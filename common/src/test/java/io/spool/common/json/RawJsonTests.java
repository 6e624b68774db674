package io.spool.common.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class RawJsonTests {

	private final JsonCodec codec = JsonCodec.standard();

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/** The bytes parsed first, as every caller does before embedding them, then taken as they are. */
	private Optional<RawJson> parsedThenRaw(byte[] body) {
		codec.readTree(body);
		return RawJson.of(body);
	}

	private byte[] embedded(RawJson raw) {
		ObjectNode document = codec.object();
		document.put("before", 1);
		document.putRawValue("payload", raw.value());
		document.put("after", 2);
		return codec.write(document);
	}

	@Test
	void anAsciiDocumentIsWrittenByteForByteKeepingWhatATreeWouldChange() {
		// whitespace, a decimal past a double's precision, an exponent a tree writes back as 100.0
		byte[] body = utf8("{ \"amount\" : 12.300000000000000000001,\n  \"n\": 1.0E2, \"s\": \"a\\u0041\" }");
		byte[] written = embedded(parsedThenRaw(body).orElseThrow());
		assertThat(written).isEqualTo(concat(utf8("{\"before\":1,\"payload\":"), body, utf8(",\"after\":2}")));
		assertThat(new String(codec.write(codec.readTree(body)), StandardCharsets.UTF_8)).as("the tree")
			.doesNotContain("12.300000000000000000001")
			.doesNotContain("1.0E2");
	}

	@Test
	void multiByteUtf8IsEmbeddedAsItIs() {
		byte[] body = utf8("{\"title\":\"Bücher für Ärztinnen 📚\",\"ключ\":\"значение\"}");
		byte[] written = embedded(parsedThenRaw(body).orElseThrow());
		assertThat(codec.readTree(written).path("payload").path("title").asString())
			.isEqualTo("Bücher für Ärztinnen 📚");
		assertThat(new String(written, StandardCharsets.UTF_8)).contains(new String(body, StandardCharsets.UTF_8));
	}

	@Test
	void sequencesTheParserToleratesButUtf8ForbidsAreLeftToTheTree() {
		byte[][] tolerated = { { (byte) 0xC0, (byte) 0xAF }, // overlong '/'
				{ (byte) 0xE0, (byte) 0x80, (byte) 0xAF }, // overlong '/' in three bytes
				{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } }; // past U+10FFFF
		for (byte[] sequence : tolerated) {
			byte[] body = concat(utf8("{\"a\":\"x"), sequence, utf8("\"}"));
			assertThat(codec.readTree(body).path("a").isString()).as("the parser takes %s", Arrays.toString(sequence))
				.isTrue();
			assertThat(RawJson.of(body)).as("%s", Arrays.toString(sequence)).isEmpty();
		}
	}

	@Test
	void utf16AndUtf32BodiesAreLeftToTheTree() {
		String json = "{\"a\":\"b\"}";
		for (String charset : new String[] { "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE" }) {
			byte[] body = json.getBytes(Charset.forName(charset));
			assertThat(codec.readTree(body).path("a").asString()).as("the parser reads %s", charset).isEqualTo("b");
			assertThat(RawJson.of(body)).as(charset).isEmpty();
		}
	}

	@Test
	void aUtf8ByteOrderMarkIsLeftOut() {
		byte[] body = concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8("{\"a\":1}"));
		assertThat(new String(embedded(parsedThenRaw(body).orElseThrow()), StandardCharsets.UTF_8))
			.isEqualTo("{\"before\":1,\"payload\":{\"a\":1},\"after\":2}");
	}

	@Test
	void oneBadByteIsFoundWhereverItIs() {
		// past the 8-byte strides and in the tail the stride leaves, both loops of the check
		String ascii = "{\"pad\":\"" + "x".repeat(40) + "\"}";
		for (int at = 8; at < ascii.length() - 2; at++) {
			byte[] body = utf8(ascii);
			body[at] = (byte) 0x80; // a continuation byte on its own
			assertThat(RawJson.isStrictUtf8(body, 0)).as("bad byte at %d", at).isFalse();
			body[at] = 'y';
			assertThat(RawJson.isStrictUtf8(body, 0)).isTrue();
		}
	}

	@Test
	void aValueLargerThanTheGeneratorsBufferIsWrittenWhole() {
		byte[] body = utf8("{\"pad\":\"" + "é".repeat(150_000) + "\"}");
		JsonNode read = codec.readTree(embedded(parsedThenRaw(body).orElseThrow()));
		assertThat(read.path("payload").path("pad").asString()).hasSize(150_000);
		assertThat(read.path("after").asInt()).isEqualTo(2);
	}

	@Test
	void aCharacterWriterGetsTheSameText() {
		byte[] body = utf8("{ \"a\" : [1, 2.50] , \"é\": null }");
		ObjectNode document = codec.object();
		document.putRawValue("payload", RawJson.of(body).orElseThrow().value());
		assertThat(codec.writeString(document)).isEqualTo("{\"payload\":{ \"a\" : [1, 2.50] , \"é\": null }}");
	}

}
