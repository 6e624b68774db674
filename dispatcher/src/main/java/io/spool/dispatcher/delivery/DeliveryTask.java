package io.spool.dispatcher.delivery;

import java.util.UUID;

/**
 * One record on {@code spool.deliveries.v1}.
 *
 * @param key the subscription id, or {@code job/<id>} for a job's own webhook
 * @param deliveryId the delivery to make
 * @param leftBehind whether the poller found the delivery pending with nobody making it: its target's lane may have
 * more such deliveries, which no task will bring, and reads them back from the database
 */
public record DeliveryTask(String key, UUID deliveryId, boolean leftBehind) {

	public DeliveryTask(String key, UUID deliveryId) {
		this(key, deliveryId, false);
	}

}
