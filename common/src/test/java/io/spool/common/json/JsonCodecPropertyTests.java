package io.spool.common.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever bytes arrive, the codec answers a tree or its own error, never anything else. */
class JsonCodecPropertyTests {

	@Property(tries = 3000)
	void anyBytesGiveATreeOrAJsonFormatException(@ForAll byte[] body) {
		try {
			JsonCodec.standard().readTree(body);
		}
		catch (JsonFormatException expected) {
			// the one error a caller has to handle
		}
	}

	@Property(tries = 3000)
	void anyTextGivesATreeOrAJsonFormatException(@ForAll String text) {
		try {
			JsonCodec.standard().readTree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (JsonFormatException expected) {
			// the one error a caller has to handle
		}
	}

}
