/** The Kafka adapter of the webhook feature: the {@code EventPublisher} port on Kafka's own asynchronous producer. */
package io.spool.ingest.webhook.kafka;
