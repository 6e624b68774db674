package io.spool.common.event;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import io.spool.common.json.UtcInstants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link CloudEvent} in JSON structured mode: {@code specversion, id, source, type, subject, time,
 * datacontenttype, sourceeventid, sourcetype, receivedat, traceparent, data} in that order, absent ones left out,
 * instants as {@code DateTimeFormatter.ISO_INSTANT} writes them — what Jackson's bean serializer wrote from the
 * record's annotations before, without its work per attribute (a method handle per accessor, a property writer,
 * {@code DateTimeFormatter} for each instant): serializing the envelope was 15 % of the ingest's CPU at full
 * load, a third of it that work (docs/benchmarks.md). {@code CloudEventSerializerTests} holds it to a tree
 * written in that order.
 */
public final class CloudEventSerializer extends ValueSerializer<CloudEvent> {

	private static final SerializableString SPECVERSION = new SerializedString("specversion");

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString SOURCE = new SerializedString("source");

	private static final SerializableString TYPE = new SerializedString("type");

	private static final SerializableString SUBJECT = new SerializedString("subject");

	private static final SerializableString TIME = new SerializedString("time");

	private static final SerializableString DATACONTENTTYPE = new SerializedString("datacontenttype");

	private static final SerializableString SOURCEEVENTID = new SerializedString("sourceeventid");

	private static final SerializableString SOURCETYPE = new SerializedString("sourcetype");

	private static final SerializableString RECEIVEDAT = new SerializedString("receivedat");

	private static final SerializableString TRACEPARENT = new SerializedString("traceparent");

	private static final SerializableString DATA = new SerializedString("data");

	@Override
	public void serialize(CloudEvent event, JsonGenerator generator, SerializationContext context) {
		generator.writeStartObject(event);
		string(generator, SPECVERSION, event.specversion());
		string(generator, ID, event.id());
		string(generator, SOURCE, event.source());
		string(generator, TYPE, event.type());
		string(generator, SUBJECT, event.subject());
		instant(generator, TIME, event.time());
		string(generator, DATACONTENTTYPE, event.datacontenttype());
		string(generator, SOURCEEVENTID, event.sourceeventid());
		string(generator, SOURCETYPE, event.sourcetype());
		instant(generator, RECEIVEDAT, event.receivedat());
		string(generator, TRACEPARENT, event.traceparent());
		if (event.data() != null) {
			generator.writeName(DATA);
			event.data().serialize(generator, context);
		}
		generator.writeEndObject();
	}

	@Override
	public Class<?> handledType() {
		return CloudEvent.class;
	}

	private static void string(JsonGenerator generator, SerializableString name, String value) {
		if (value != null) {
			generator.writeName(name);
			generator.writeString(value);
		}
	}

	private static void instant(JsonGenerator generator, SerializableString name, Instant value) {
		if (value == null) {
			return;
		}
		generator.writeName(name);
		char[] text = new char[UtcInstants.MAX_FORMATTED];
		int length = UtcInstants.format(value, text);
		if (length < 0) {
			generator.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
		}
		else {
			generator.writeString(text, 0, length);
		}
	}

}
