package io.spool.common.json;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTests {

	private final JsonCodec codec = JsonCodec.standard();

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void readsAnObject() {
		assertThat(codec.readTree(utf8("{\"a\":[1,2,{\"b\":\"c\"}]}")).path("a").get(2).path("b").asString())
			.isEqualTo("c");
	}

	@Test
	void refusesNestingBeyondTheLimit() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		assertThatThrownBy(() -> codec.readTree(utf8(deep))).isInstanceOf(JsonFormatException.class);
	}

	@Test
	void acceptsNestingAtTheLimit() {
		int depth = JsonCodec.MAX_NESTING_DEPTH;
		String deep = "[".repeat(depth) + "]".repeat(depth);
		assertThat(codec.readTree(utf8(deep)).isArray()).isTrue();
	}

	@Test
	void refusesOverlongNumbers() {
		String huge = "{\"n\":" + "9".repeat(5_000) + "}";
		assertThatThrownBy(() -> codec.readTree(utf8(huge))).isInstanceOf(JsonFormatException.class);
	}

	@Test
	void refusesDuplicateKeysSoThatNoTwoReadersDisagree() {
		assertThatThrownBy(() -> codec.readTree(utf8("{\"event\":\"a\",\"event\":\"b\"}")))
			.isInstanceOf(JsonFormatException.class);
	}

	@Test
	void refusesTrailingGarbageTruncationAndEmptyInput() {
		assertThatThrownBy(() -> codec.readTree(utf8("{\"a\":1} x"))).isInstanceOf(JsonFormatException.class);
		assertThatThrownBy(() -> codec.readTree(utf8("{\"a\":"))).isInstanceOf(JsonFormatException.class);
		assertThatThrownBy(() -> codec.readTree(new byte[0])).isInstanceOf(JsonFormatException.class);
	}

	@Test
	void refusesInvalidUtf8() {
		byte[] bad = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		assertThatThrownBy(() -> codec.readTree(bad)).isInstanceOf(JsonFormatException.class);
	}

	@Test
	void errorMessagesDoNotEchoThePayload() {
		String secretish = "{\"token\":\"s3cr3t-value\", oops}";
		assertThatThrownBy(() -> codec.readTree(utf8(secretish))).isInstanceOf(JsonFormatException.class)
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("s3cr3t-value"));
	}

	@Test
	void eachThreadRecyclesItsOwnBuffers() throws Exception {
		var factory = codec.mapper().tokenStreamFactory();
		var mine = factory._getBufferRecycler();
		assertThat(factory._getBufferRecycler()).as("the same thread, again").isSameAs(mine);
		var other = new java.util.concurrent.atomic.AtomicReference<Object>();
		Thread thread = new Thread(() -> other.set(factory._getBufferRecycler()));
		thread.start();
		thread.join(10_000);
		assertThat(other.get()).as("another thread").isNotNull().isNotSameAs(mine);
	}

}
