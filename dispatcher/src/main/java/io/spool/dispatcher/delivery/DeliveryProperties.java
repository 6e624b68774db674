package io.spool.dispatcher.delivery;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound deliveries, {@code spool.dispatcher.delivery.*} (CONTRACT §3).
 *
 * @param allowPrivateNetworks whether loopback, private and multicast targets are allowed (link-local never
 * is); on in the standalone, off by default
 * @param timeout connect and response timeout of one attempt
 * @param quickAttempts attempts made at once (Resilience4j Retry) before a delivery waits for its next
 * delayed retry
 * @param quickBackoff the wait between quick attempts
 * @param schedule the delayed retries after the quick ones; after the last the delivery is dead
 * @param concurrency deliveries in flight to one subscriber at once (Resilience4j Bulkhead), unless the
 * subscription says otherwise
 * @param pollInterval how often due delayed retries and stuck deliveries are looked for
 * @param pendingTimeout how long a pending delivery may stay unfinished before the poller queues it again: its
 * task was lost (queueing failed after the event's transaction, or the process died before the first attempt
 * ended, or stopped with it parked or not yet read back into its lane). Longer than the usual queueing delay, so
 * that a backlog still in Kafka is not queued twice
 * @param laneBacklog deliveries that may wait in a subscriber's lane past its concurrency while their tasks'
 * places are held (a task taken from Kafka stays unacknowledged until its delivery ends)
 * @param laneOverflow deliveries parked in a subscriber's lane past that, their tasks acknowledged; past this the
 * lane leaves its deliveries pending and reads them back from the database, oldest first, as it has room
 * @param circuitFailureRate the failure rate (percent) over the last {@code circuitWindow} attempts that opens a
 * subscriber's circuit
 * @param circuitWindow attempts the failure rate is computed over (and the least before it is)
 * @param circuitOpenFor how long an open circuit refuses attempts before letting a few through
 */
@ConfigurationProperties("spool.dispatcher.delivery")
public record DeliveryProperties(@DefaultValue("false") boolean allowPrivateNetworks,
		@DefaultValue("10s") Duration timeout, @DefaultValue("3") int quickAttempts,
		@DefaultValue("200ms") Duration quickBackoff,
		@DefaultValue({ "60s", "120s", "240s", "480s", "960s" }) List<Duration> schedule,
		@DefaultValue("16") int concurrency, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("60s") Duration pendingTimeout, @DefaultValue("512") int laneBacklog,
		@DefaultValue("8192") int laneOverflow,
		@DefaultValue("50") float circuitFailureRate, @DefaultValue("10") int circuitWindow,
		@DefaultValue("30s") Duration circuitOpenFor) {

}
