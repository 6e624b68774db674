package io.spool.dispatcher.apply.kafka;

import java.time.Duration;
import java.util.List;

import io.spool.dispatcher.apply.BatchHandler;
import io.spool.dispatcher.apply.InboundRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code spool.events.v1} in the dispatcher's consumer group with reactor-kafka: the partitions are
 * processed concurrently, each one sequentially in batches (up to {@code maxBatch} records or {@code
 * maxWait}), and a batch's last offset is acknowledged only after the handler completed, that is after its
 * transaction committed. Acknowledged offsets are committed periodically and on rebalance; what was not
 * acknowledged is read again after a crash or a rebalance, and the store recognises it as a duplicate.
 */
public final class ReactorKafkaEventSource implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReactorKafkaEventSource.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final BatchHandler handler;

	private final int maxBatch;

	private final Duration maxWait;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(16, Integer.MAX_VALUE, "spool-apply");

	private volatile Disposable subscription;

	public ReactorKafkaEventSource(KafkaReceiver<String, byte[]> receiver, BatchHandler handler, int maxBatch,
			Duration maxWait) {
		this.receiver = receiver;
		this.handler = handler;
		this.maxBatch = maxBatch;
		this.maxWait = maxWait;
	}

	@Override
	public void start() {
		subscription = Flux.defer(receiver::receive)
			.groupBy(record -> record.receiverOffset().topicPartition())
			.flatMap(partition -> partition.publishOn(scheduler)
				.bufferTimeout(maxBatch, maxWait, true)
				.concatMap(this::handle), Integer.MAX_VALUE)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(signal -> log.warn("event consumption failed, restarting: {}", signal.failure().toString())))
			.subscribe();
	}

	private Mono<Void> handle(List<ReceiverRecord<String, byte[]>> batch) {
		List<InboundRecord> records = batch.stream().map(ReactorKafkaEventSource::toInbound).toList();
		return handler.handle(records).doOnSuccess(done -> batch.get(batch.size() - 1).receiverOffset().acknowledge());
	}

	private static InboundRecord toInbound(ConsumerRecord<String, byte[]> record) {
		return new InboundRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value());
	}

	@Override
	public void stop() {
		Disposable running = subscription;
		if (running != null) {
			running.dispose();
		}
		subscription = null;
		scheduler.dispose();
	}

	@Override
	public boolean isRunning() {
		return subscription != null && !subscription.isDisposed();
	}

	/** After the web server and the state publisher are up; stopped before them. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2048;
	}

}
