package io.spool.dispatcher.apply;

/**
 * One record as it came off {@code spool.events.v1}, with its provenance.
 *
 * @param topic where it was read
 * @param partition its partition
 * @param offset its offset
 * @param key the record key (the event's subject)
 * @param value the raw value, normally a CloudEvent in JSON structured mode
 */
public record InboundRecord(String topic, int partition, long offset, String key, byte[] value) {

}
