/** Kafka infrastructure of the ingest: the admin client, topic creation and the readiness check. */
package io.spool.ingest.kafka;
