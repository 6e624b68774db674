package io.spool.dispatcher.delivery.kafka;

import java.time.Duration;
import java.util.UUID;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.Deliverer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code spool.deliveries.v1} (group {@code spool-deliveries}) and makes the deliveries concurrently,
 * up to {@code concurrency} at once whatever their partition: a slow subscriber holds only its own Bulkhead's
 * slots, never the partition. Offsets are acknowledged as tasks finish; the database, not the offset, is the
 * record of what is owed, and the poller hands back anything a crash left behind.
 */
public final class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final Deliverer deliverer;

	private final JsonCodec codec;

	private final int concurrency;

	private volatile Disposable running;

	public DeliveryWorker(KafkaReceiver<String, byte[]> receiver, Deliverer deliverer, JsonCodec codec,
			int concurrency) {
		this.receiver = receiver;
		this.deliverer = deliverer;
		this.codec = codec;
		this.concurrency = concurrency;
	}

	@Override
	public void start() {
		running = Flux.defer(receiver::receive)
			.flatMap(this::handle, concurrency)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(s -> log.warn("delivery consumption failed, restarting: {}", s.failure().toString())))
			.subscribe();
	}

	private Mono<Void> handle(ReceiverRecord<String, byte[]> record) {
		UUID id;
		try {
			id = UUID.fromString(codec.readTree(record.value()).path("deliveryId").asString());
		}
		catch (RuntimeException ex) {
			log.warn("ignoring a delivery task that is not one: {}-{}@{}", record.topic(), record.partition(),
					record.offset());
			record.receiverOffset().acknowledge();
			return Mono.empty();
		}
		return deliverer.deliver(id).doFinally(signal -> record.receiverOffset().acknowledge());
	}

	@Override
	public void stop() {
		Disposable current = running;
		if (current != null) {
			current.dispose();
		}
		running = null;
	}

	@Override
	public boolean isRunning() {
		return running != null;
	}

}
