/** Kafka infrastructure shared by the services: the admin client, topic creation and the readiness check. */
package io.spool.support.kafka;
