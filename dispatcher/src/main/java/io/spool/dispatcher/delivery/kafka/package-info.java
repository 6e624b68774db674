/** The Kafka adapters of deliveries: the task queue, its consumer, and the dead-letter topic. */
package io.spool.dispatcher.delivery.kafka;
