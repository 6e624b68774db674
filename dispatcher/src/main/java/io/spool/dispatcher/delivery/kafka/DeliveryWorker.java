package io.spool.dispatcher.delivery.kafka;

import java.util.UUID;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.Deliverer;
import io.spool.dispatcher.delivery.DeliveryStore;
import io.spool.dispatcher.delivery.SubscriberLanes;
import io.spool.support.reactive.BackgroundFlow;
import io.spool.support.reactive.InFlight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import tools.jackson.databind.JsonNode;


/**
 * Consumes {@code spool.deliveries.v1} (group {@code spool-deliveries}) and makes the deliveries in
 * {@link SubscriberLanes}: each subscriber's at most its concurrency at once, the rest waiting in its lane, up to
 * {@code concurrency} tasks taken from Kafka at once whatever their partition. A slow or silent subscriber fills
 * only its own lane: past {@code laneBacklog} its tasks are parked in the lane and acknowledged at once (they
 * no longer hold a place among the tasks taken), and past {@code laneOverflow} more they are left pending in
 * the database, where the lane reads them back, oldest first, as it has room. Parked and unread ones of a
 * dispatcher that stops are found by the poller after {@code pending-timeout}; the task it queues for such a
 * delivery says so ({@code leftBehind}), and the lane then reads the rest of its subscriber's pending deliveries
 * back too, rather than waiting for the poller to find them a hundred at a time.
 * Offsets are acknowledged as tasks finish or are left; the database, not the offset, is the record of what is
 * owed, and the poller hands back anything a crash left behind.
 */
public final class DeliveryWorker extends BackgroundFlow {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final Deliverer deliverer;

	private final JsonCodec codec;

	private final int concurrency;

	private final SubscriberLanes lanes;

	public DeliveryWorker(KafkaReceiver<String, byte[]> receiver, Deliverer deliverer, JsonCodec codec,
			DeliveryStore store, int concurrency, int laneBacklog, int laneOverflow) {
		this.receiver = receiver;
		this.deliverer = deliverer;
		this.codec = codec;
		this.concurrency = concurrency;
		this.lanes = new SubscriberLanes(deliverer::concurrencyOf, deliverer::deliver, store::pending, laneBacklog,
				laneOverflow);
	}

	@Override
	protected Flux<?> flow() {
		// not flatMap: with thousands of tasks in flight its scan of every inner on each completion cost a fifth
		// of the dispatcher's CPU (InFlight)
		return InFlight.forEach(Flux.defer(receiver::receive), concurrency, this::handle)
			.retryWhen(restartForever(log, "delivery consumption"))
			.flux();
	}

	private Mono<Void> handle(ReceiverRecord<String, byte[]> record) {
		UUID id;
		boolean leftBehind;
		try {
			JsonNode task = codec.readTree(record.value());
			id = UUID.fromString(task.path("deliveryId").asString());
			leftBehind = task.path("leftBehind").asBoolean(false);
		}
		catch (RuntimeException ex) {
			log.warn("ignoring a delivery task that is not one: {}-{}@{}", record.topic(), record.partition(),
					record.offset());
			record.receiverOffset().acknowledge();
			return Mono.empty();
		}
		String subscriber = record.key() == null ? "unknown" : record.key();
		if (leftBehind && record.key() != null) {
			// the lane reads this delivery back with the rest of its subscriber's pending ones; one without a key
			// (its subscription was deleted) has no target to read back by, and is made as any other
			lanes.readBack(subscriber);
			record.receiverOffset().acknowledge();
			return Mono.empty();
		}
		return lanes.submit(subscriber, id).doOnNext(taken -> {
			if (!taken) {
				log.debug("delivery={} left pending: {}'s lane is full and reads it back", id, subscriber);
			}
		}).doFinally(signal -> {
			// a task cut short by a shutdown is not acknowledged: the next consumer of its partition gets it again
			if (signal != SignalType.CANCEL) {
				record.receiverOffset().acknowledge();
			}
		}).then();
	}


}
