package io.spool.ingest.webhook.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.RawJson;
import io.spool.common.trace.TraceParent;
import io.spool.ingest.webhook.WebhookRequest;
import io.spool.ingest.webhook.source.Source;
import tools.jackson.databind.node.ObjectNode;

/**
 * Composes the CloudEvent of an accepted webhook. Pure: the same request always gives the same event, apart
 * from {@code receivedat}.
 * <p>
 * The sender's event id is, in this order: the source's id header, its id JSON pointer (or the format's
 * default pointer), else the SHA-256 of the raw body. The gateway id is a name-based UUID of the source and
 * that id, so a webhook delivered twice by its sender carries the same CloudEvent id twice and consumers can
 * deduplicate on either. The sender's W3C {@code traceparent} is continued (a child span), or a trace is started.
 * <p>
 * {@code data.payload} is the sender's body as it came ({@link RawJson}): its exact text, numbers of any precision;
 * the parsed tree only when the body is not strict UTF-8.
 */
public final class EventFactory {

	/** The longest sender event id kept; longer ids are replaced by their SHA-256. */
	static final int MAX_ID_LENGTH = 256;

	private EventFactory() {
	}

	public static CloudEvent create(Source source, WebhookRequest request, byte[] body, ObjectNode payload,
			Normalized normalized) {
		String sourceEventId = sourceEventId(source, request, body, payload);
		ObjectNode data = normalized.fields().deepCopy();
		// the sender's bytes as they came (checked UTF-8), not the tree serialized again (docs/benchmarks.md)
		RawJson.of(body).ifPresentOrElse(raw -> data.putRawValue("payload", raw.value()),
				() -> data.set("payload", payload));
		String subject = normalized.subject() != null ? normalized.subject() : "source/" + source.name();
		String trace = TraceParent.continueOrStart(request.header(TraceParent.HEADER)).toString();
		return new CloudEvent(CloudEvent.SPEC_VERSION, gatewayId(source.name(), sourceEventId),
				CloudEvent.SOURCE_PREFIX + source.name(), normalized.type(), subject,
				normalized.time() != null ? normalized.time() : request.receivedAt(), CloudEvent.JSON, data,
				sourceEventId, normalized.sourceType(), request.receivedAt(), trace);
	}

	static String sourceEventId(Source source, WebhookRequest request, byte[] body, ObjectNode payload) {
		String id = null;
		if (source.idHeader() != null) {
			id = request.header(source.idHeader());
		}
		if (isBlank(id) && source.idPointer() != null) {
			id = JsonFields.text(payload, source.idPointer());
		}
		if (isBlank(id) || id.length() > MAX_ID_LENGTH) {
			return sha256(body);
		}
		return id.strip();
	}

	/** A name-based UUID: stable for the same source and sender event id. */
	static String gatewayId(String sourceName, String sourceEventId) {
		return UUID.nameUUIDFromBytes((sourceName + '\n' + sourceEventId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
