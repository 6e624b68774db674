package io.spool.dispatcher.apply.kafka;

import java.time.Duration;
import java.util.List;

import io.spool.dispatcher.apply.BatchHandler;
import io.spool.dispatcher.apply.InboundRecord;
import io.spool.support.reactive.BackgroundFlow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;


/**
 * Consumes {@code spool.events.v1} in the dispatcher's consumer group with reactor-kafka: the partitions are
 * processed concurrently, each one sequentially in batches (up to {@code maxBatch} records or {@code
 * maxWait}), and a batch's last offset is acknowledged only after the handler completed, that is after its
 * transaction committed. Acknowledged offsets are committed periodically and on rebalance; what was not
 * acknowledged is read again after a crash or a rebalance, and the store recognises it as a duplicate.
 * Every batch is handed to the handler on one of the source's own threads ({@code spool-apply}), never on the
 * thread that completed the batch before it.
 */
public final class ReactorKafkaEventSource extends BackgroundFlow {

	private static final Logger log = LoggerFactory.getLogger(ReactorKafkaEventSource.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final BatchHandler handler;

	private final int maxBatch;

	private final Duration maxWait;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(16, Integer.MAX_VALUE, "spool-apply");

	public ReactorKafkaEventSource(KafkaReceiver<String, byte[]> receiver, BatchHandler handler, int maxBatch,
			Duration maxWait) {
		this.receiver = receiver;
		this.handler = handler;
		this.maxBatch = maxBatch;
		this.maxWait = maxWait;
	}

	@Override
	protected Flux<?> flow() {
		return Flux.defer(receiver::receive)
			.groupBy(record -> record.receiverOffset().topicPartition())
			.flatMap(partition -> partition.publishOn(scheduler)
				.bufferTimeout(maxBatch, maxWait, true)
				// each batch is planned (its records parsed) on an apply thread: without the hop the next batch
				// was handled on whatever thread finished the one before, the Kafka producer's network thread or an
				// R2DBC event loop, which then sent and read nothing else meanwhile (docs/benchmarks.md, seventh round)
				.concatMap(batch -> Mono.defer(() -> handle(batch)).subscribeOn(scheduler)), Integer.MAX_VALUE)
			.retryWhen(restartForever(log, "event consumption"));
	}

	private Mono<Void> handle(List<ReceiverRecord<String, byte[]>> batch) {
		List<InboundRecord> records = batch.stream().map(ReactorKafkaEventSource::toInbound).toList();
		return handler.handle(records).doOnSuccess(done -> batch.get(batch.size() - 1).receiverOffset().acknowledge());
	}

	private static InboundRecord toInbound(ConsumerRecord<String, byte[]> record) {
		return new InboundRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value());
	}

	@Override
	protected void stopped() {
		scheduler.dispose();
	}

	/** After the web server and the state publisher are up; stopped before them. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2048;
	}

}
