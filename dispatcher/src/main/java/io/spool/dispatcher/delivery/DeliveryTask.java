package io.spool.dispatcher.delivery;

import java.util.UUID;

/**
 * One record on {@code spool.deliveries.v1}.
 *
 * @param key the subscription id, or {@code job/<id>} for a job's own webhook
 * @param deliveryId the delivery to make
 */
public record DeliveryTask(String key, UUID deliveryId) {

}
