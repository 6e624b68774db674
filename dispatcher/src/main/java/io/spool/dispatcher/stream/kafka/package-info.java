/** The Kafka adapter of the state stream. */
package io.spool.dispatcher.stream.kafka;
