package io.spool.ingest.webhook.mapping;

import io.spool.ingest.webhook.WebhookRequest;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any sender: the type comes from a header or a JSON pointer and is kept as the sender wrote it; the subject
 * from an optional JSON pointer, verbatim. The data is the original payload alone.
 */
public final class GenericFormat implements PayloadFormat {

	/** The longest type kept: types become metric tags and topic consumers' routing keys. */
	static final int MAX_TYPE_LENGTH = 128;

	private final String typeHeader;

	private final String typePointer;

	private final String subjectPointer;

	public GenericFormat(String typeHeader, String typePointer, String subjectPointer) {
		this.typeHeader = typeHeader;
		this.typePointer = typePointer;
		this.subjectPointer = subjectPointer;
	}

	@Override
	public Normalized normalize(ObjectNode payload, WebhookRequest request) {
		String type = null;
		if (typeHeader != null) {
			String header = request.header(typeHeader);
			type = header == null || header.isBlank() ? null : header.strip();
		}
		if (type == null && typePointer != null) {
			type = JsonFields.text(payload, typePointer);
		}
		if (type == null) {
			throw new UnusablePayloadException("no event type at "
					+ (typeHeader != null ? "header " + typeHeader + " or " : "") + "JSON pointer " + typePointer);
		}
		if (type.length() > MAX_TYPE_LENGTH) {
			throw new UnusablePayloadException("event type is longer than " + MAX_TYPE_LENGTH + " characters");
		}
		String subject = subjectPointer == null ? null : JsonFields.text(payload, subjectPointer);
		return new Normalized(type, type, subject, null, JsonNodeFactory.instance.objectNode());
	}

}
