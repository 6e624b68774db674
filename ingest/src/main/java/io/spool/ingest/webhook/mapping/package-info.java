/**
 * The payload formats of CONTRACT §1: pure functions from a sender's JSON to a canonical type, subject, time
 * and normalized fields. One class per sender format.
 */
package io.spool.ingest.webhook.mapping;
