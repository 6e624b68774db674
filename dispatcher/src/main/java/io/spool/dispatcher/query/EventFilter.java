package io.spool.dispatcher.query;

import java.time.Instant;

/**
 * Filters of {@code /api/v1/events}; every one optional.
 *
 * @param source the source name
 * @param type the canonical type
 * @param subject the subject, e.g. {@code printer/printer_123}
 * @param status {@code processed} or {@code failed}
 * @param since received at or after
 * @param until received before
 */
public record EventFilter(String source, String type, String subject, String status, Instant since, Instant until) {

}
