/**
 * The webhook feature's core: from one request to one stored event. It never imports Kafka, reactor-kafka or
 * HTTP client code; its adapters ({@code web}, {@code kafka}) do.
 */
package io.spool.ingest.webhook;
