/**
 * Outbound deliveries: the fan-out that decides them, the deliverer that sends them through each subscriber's
 * own guards, the delayed retries, the dead letters and their replay. Reached through the ports {@code
 * DeliveryStore}, {@code DeliveryQueue} and {@code Sender}; its adapters ({@code r2dbc}, {@code kafka},
 * {@code http}, {@code web}) hold the technology.
 */
package io.spool.dispatcher.delivery;
