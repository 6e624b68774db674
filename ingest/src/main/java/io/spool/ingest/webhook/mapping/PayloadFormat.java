package io.spool.ingest.webhook.mapping;

import io.spool.ingest.webhook.WebhookRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one sender format: finds the event type, subject, time and normalized fields in a payload. Pure and
 * thread-safe.
 */
public interface PayloadFormat {

	/**
	 * @param payload the parsed body, always a JSON object
	 * @param request the request, for formats that read headers
	 * @throws UnusablePayloadException when the payload is JSON this format cannot use (no event type, say)
	 */
	Normalized normalize(ObjectNode payload, WebhookRequest request);

	/** Where this format keeps the sender's event id when the source configures none; {@code null} if nowhere. */
	default String defaultIdPointer() {
		return null;
	}

}
