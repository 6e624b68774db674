/** The Kafka adapters of the apply feature: the event source (reactor-kafka receiver) and the state publisher. */
package io.spool.dispatcher.apply.kafka;
