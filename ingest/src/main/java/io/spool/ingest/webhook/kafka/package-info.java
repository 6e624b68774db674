/** The Kafka adapter of the webhook feature: the {@code EventPublisher} port on reactor-kafka. */
package io.spool.ingest.webhook.kafka;
