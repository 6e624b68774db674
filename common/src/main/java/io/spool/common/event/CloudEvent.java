package io.spool.common.event;

import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A CloudEvents 1.0 event in JSON structured mode, the envelope of everything on {@code spool.events.v1}.
 * <p>
 * {@code id} is the gateway's id, derived from the source and the sender's event id so that a webhook sent
 * twice yields the same id twice. {@code data} holds the normalized fields and, under {@code payload}, the
 * sender's original JSON. The extensions {@code sourceeventid}, {@code sourcetype} and {@code receivedat}
 * are top-level attributes, as structured mode requires. Written by {@link CloudEventSerializer}: the attributes
 * in the order of the components below, {@code data} last, absent ones left out.
 *
 * @param specversion always {@value #SPEC_VERSION}
 * @param id gateway event id
 * @param source {@code /sources/<name>}
 * @param type canonical type, or the sender's own for a generic source
 * @param subject the entity the event is about, e.g. {@code printer/printer_123}; also the Kafka key
 * @param time the sender's time when known, else the receipt time
 * @param datacontenttype always {@code application/json}
 * @param data normalized fields plus the original payload
 * @param sourceeventid the sender's event id (header, JSON pointer, or SHA-256 of the raw body)
 * @param sourcetype the sender's own event type string
 * @param receivedat when the gateway received the webhook
 * @param traceparent the W3C trace context (CloudEvents distributed tracing extension), or {@code null}
 */
@JsonSerialize(using = CloudEventSerializer.class)
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
		String datacontenttype, JsonNode data, String sourceeventid, String sourcetype, Instant receivedat,
		String traceparent) {

	public static final String SPEC_VERSION = "1.0";

	public static final String JSON = "application/json";

	public static final String SOURCE_PREFIX = "/sources/";

	public CloudEvent {
		requireText(specversion, "specversion");
		requireText(id, "id");
		requireText(source, "source");
		requireText(type, "type");
	}

	/** An event without trace context. */
	public CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
			String datacontenttype, JsonNode data, String sourceeventid, String sourcetype, Instant receivedat) {
		this(specversion, id, source, type, subject, time, datacontenttype, data, sourceeventid, sourcetype, receivedat,
				null);
	}

	/** The name of the configured source, without the {@code /sources/} prefix. */
	public String sourceName() {
		return source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
