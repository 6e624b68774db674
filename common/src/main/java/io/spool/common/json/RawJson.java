package io.spool.common.json;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.util.RawValue;

/**
 * A JSON value that is already UTF-8 JSON text, written into a document as it is: the sender's payload goes into
 * an event's {@code data} byte for byte instead of being parsed into a tree and serialized again (the larger part
 * of an event's serialization). It also keeps what a tree would lose: numbers beyond a {@code double}'s precision
 * and the sender's exact text.
 * <p>
 * Only bytes that are one well-formed JSON document in strict UTF-8 may be embedded, or the document around them
 * breaks: {@link #of} takes bytes that {@link JsonCodec} has already parsed, and refuses what the parser tolerates
 * but a UTF-8 document cannot carry as is — UTF-16 and UTF-32 bodies (the parser detects them), and overlong or
 * out-of-range sequences (the parser decodes them; the tree would write them back as proper UTF-8). A UTF-8 byte
 * order mark is left out. Then the caller writes the tree instead.
 * <p>
 * Used through {@link #value()} with {@code ObjectNode.putRawValue}; Jackson calls the unquoted UTF-8 methods. The
 * bytes are not copied: the caller gives them up.
 */
public final class RawJson implements SerializableString {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

	private final byte[] bytes;

	private final int offset;

	private final int length;

	private SerializedString text;

	private RawJson(byte[] bytes, int offset, int length) {
		this.bytes = bytes;
		this.offset = offset;
		this.length = length;
	}

	/**
	 * @param parsed bytes that {@link JsonCodec#readTree} read as one document without error
	 * @return the bytes to embed as they are, or empty when they are not strict UTF-8 (then write the parsed tree)
	 */
	public static Optional<RawJson> of(byte[] parsed) {
		int start = hasUtf8Bom(parsed) ? 3 : 0;
		// the parser reads UTF-16 or UTF-32 when one of the first two bytes is zero; a UTF-8 document has no zero byte
		if (parsed.length - start < 2 || parsed[start] == 0 || parsed[start + 1] == 0
				|| !isStrictUtf8(parsed, start)) {
			return Optional.empty();
		}
		return Optional.of(new RawJson(parsed, start, parsed.length - start));
	}

	/** This value for {@code ObjectNode.putRawValue}. */
	public RawValue value() {
		return new RawValue(this);
	}

	private static boolean hasUtf8Bom(byte[] b) {
		return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
	}

	static boolean isStrictUtf8(byte[] b, int from) {
		int i = from;
		for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
			if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) {
				break;
			}
		}
		for (; i < b.length; i++) {
			if (b[i] < 0) {
				break;
			}
		}
		if (i == b.length) {
			return true; // ASCII, the usual webhook
		}
		try {
			// Java's decoder refuses overlong forms, surrogates and code points past U+10FFFF
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(b, i, b.length - i));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	/** The quoted forms (this value as a JSON string) are rare: built from the text once. */
	private SerializedString text() {
		if (text == null) {
			text = new SerializedString(getValue());
		}
		return text;
	}

	@Override
	public String getValue() {
		return new String(bytes, offset, length, StandardCharsets.UTF_8);
	}

	@Override
	public int charLength() {
		return getValue().length();
	}

	@Override
	public byte[] asUnquotedUTF8() {
		if (offset == 0 && length == bytes.length) {
			return bytes;
		}
		byte[] copy = new byte[length];
		System.arraycopy(bytes, offset, copy, 0, length);
		return copy;
	}

	@Override
	public int appendUnquotedUTF8(byte[] buffer, int at) {
		if (at + length > buffer.length) {
			return -1;
		}
		System.arraycopy(bytes, offset, buffer, at, length);
		return length;
	}

	@Override
	public int writeUnquotedUTF8(OutputStream out) throws IOException {
		out.write(bytes, offset, length);
		return length;
	}

	@Override
	public int putUnquotedUTF8(ByteBuffer buffer) {
		if (length > buffer.remaining()) {
			return -1;
		}
		buffer.put(bytes, offset, length);
		return length;
	}

	@Override
	public int appendUnquoted(char[] buffer, int at) {
		return text().appendUnquoted(buffer, at);
	}

	@Override
	public char[] asQuotedChars() {
		return text().asQuotedChars();
	}

	@Override
	public byte[] asQuotedUTF8() {
		return text().asQuotedUTF8();
	}

	@Override
	public int appendQuotedUTF8(byte[] buffer, int at) {
		return text().appendQuotedUTF8(buffer, at);
	}

	@Override
	public int appendQuoted(char[] buffer, int at) {
		return text().appendQuoted(buffer, at);
	}

	@Override
	public int writeQuotedUTF8(OutputStream out) throws IOException {
		return text().writeQuotedUTF8(out);
	}

	@Override
	public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
		return text().putQuotedUTF8(buffer);
	}

	@Override
	public String toString() {
		return getValue();
	}

}
