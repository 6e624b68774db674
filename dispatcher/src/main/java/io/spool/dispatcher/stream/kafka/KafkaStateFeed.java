package io.spool.dispatcher.stream.kafka;

import java.nio.charset.StandardCharsets;

import io.spool.dispatcher.stream.StateFeed;
import io.spool.support.reactive.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;


/**
 * Tails {@code spool.state.v1} from its end in a consumer group of its own (one per process, never
 * committed), so that every replica streams every change, whichever replica applied it, and fans the
 * snapshots out to the SSE subscribers.
 */
public final class KafkaStateFeed extends BackgroundFlow implements StateFeed {

	private static final Logger log = LoggerFactory.getLogger(KafkaStateFeed.class);

	private final KafkaReceiver<String, byte[]> receiver;

	private final Sinks.Many<Change> sink = Sinks.many().multicast().directBestEffort();

	public KafkaStateFeed(KafkaReceiver<String, byte[]> receiver) {
		this.receiver = receiver;
	}

	@Override
	public Flux<Change> changes() {
		return sink.asFlux();
	}

	@Override
	protected Flux<?> flow() {
		return Flux.defer(receiver::receiveAutoAck)
			.concatMap(batch -> batch)
			.doOnNext(record -> sink.tryEmitNext(new Change(record.key(), new String(record.value(), StandardCharsets.UTF_8))))
			.retryWhen(restartForever(log, "state feed"));
	}

	@Override
	protected void stopped() {
		sink.tryEmitComplete();
	}

}
