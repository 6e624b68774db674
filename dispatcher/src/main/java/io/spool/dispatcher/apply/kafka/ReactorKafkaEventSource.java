package io.spool.dispatcher.apply.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.spool.dispatcher.apply.BatchHandler;
import io.spool.dispatcher.apply.InboundRecord;
import io.spool.support.reactive.BackgroundFlow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOffset;
import reactor.kafka.receiver.ReceiverRecord;


/**
 * Consumes {@code spool.events.v1} in the dispatcher's consumer group with reactor-kafka. The partitions are
 * spread over {@code lanes}: partition {@code p} goes to lane {@code p mod lanes}. The lanes are processed
 * concurrently, each one sequentially in batches (up to {@code maxBatch} records or {@code maxWait}) that may
 * hold records of several partitions, each partition's in its order. A batch's last offset of each partition is
 * acknowledged only after the handler completed, that is after its transaction committed. Acknowledged offsets
 * are committed periodically and on rebalance; what was not acknowledged is read again after a crash or a
 * rebalance, and the store recognises it as a duplicate.
 * <p>
 * Lanes rather than one batch stream per partition: at low rates a partition's batch held a single event, and
 * every event paid for a whole transaction of its own (docs/benchmarks.md, ninth round).
 * Every batch is handed to the handler on one of the source's own threads ({@code spool-apply}), never on the
 * thread that completed the batch before it.
 */
public final class ReactorKafkaEventSource extends BackgroundFlow {

	private static final Logger log = LoggerFactory.getLogger(ReactorKafkaEventSource.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final BatchHandler handler;

	private final int lanes;

	private final int maxBatch;

	private final Duration maxWait;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(16, Integer.MAX_VALUE, "spool-apply");

	public ReactorKafkaEventSource(KafkaReceiver<String, byte[]> receiver, BatchHandler handler, int lanes,
			int maxBatch, Duration maxWait) {
		if (lanes < 1) {
			throw new IllegalArgumentException("lanes must be at least 1, was " + lanes);
		}
		this.receiver = receiver;
		this.handler = handler;
		this.lanes = lanes;
		this.maxBatch = maxBatch;
		this.maxWait = maxWait;
	}

	@Override
	protected Flux<?> flow() {
		return Flux.defer(receiver::receive)
			.groupBy(record -> record.partition() % lanes)
			.flatMap(lane -> lane.publishOn(scheduler)
				.bufferTimeout(maxBatch, maxWait, true)
				// each batch is planned (its records parsed) on an apply thread: without the hop the next batch
				// was handled on whatever thread finished the one before, the Kafka producer's network thread or an
				// R2DBC event loop, which then sent and read nothing else meanwhile (docs/benchmarks.md, seventh round)
				.concatMap(batch -> Mono.defer(() -> handle(batch)).subscribeOn(scheduler)), Integer.MAX_VALUE)
			.retryWhen(restartForever(log, "event consumption"));
	}

	private Mono<Void> handle(List<ReceiverRecord<String, byte[]>> batch) {
		List<InboundRecord> records = batch.stream().map(ReactorKafkaEventSource::toInbound).toList();
		// each partition's last offset in the batch; a lane reads its partitions in order, so acknowledging it
		// covers every earlier record of that partition
		Map<TopicPartition, ReceiverOffset> last = new HashMap<>();
		batch.forEach(record -> last.put(record.receiverOffset().topicPartition(), record.receiverOffset()));
		return handler.handle(records).doOnSuccess(done -> last.values().forEach(ReceiverOffset::acknowledge));
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
