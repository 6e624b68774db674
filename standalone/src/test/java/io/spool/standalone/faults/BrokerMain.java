package io.spool.standalone.faults;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.spool.standalone.kafka.EmbeddedKafkaBroker;

/**
 * The fault suite's Kafka broker as a process of its own, so that it can be stopped and started like a real
 * one: {@code BrokerMain <port> <data-dir>}; SIGTERM shuts it down cleanly.
 */
public final class BrokerMain {

	private BrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Integer.parseInt(args[0]), Path.of(args[1]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			stopped.countDown();
		}, "broker-shutdown"));
		System.out.println("BROKER READY " + broker.bootstrapServers());
		stopped.await();
	}

}
