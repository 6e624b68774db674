package io.spool.ingest.webhook.mapping;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a payload format found in one payload.
 *
 * @param type the canonical type ({@code unknown} when the format cannot map the sender's type)
 * @param sourceType the sender's own type string
 * @param subject the entity the event is about, e.g. {@code printer/printer_123}; {@code null} when the
 * payload names none
 * @param time the sender's time, or {@code null} when the payload has none
 * @param fields the normalized fields that go into the event's {@code data} beside the original payload
 */
public record Normalized(String type, String sourceType, String subject, Instant time, ObjectNode fields) {

}
