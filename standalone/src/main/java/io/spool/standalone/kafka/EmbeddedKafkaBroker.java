package io.spool.standalone.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.1 broker in KRaft combined mode (broker and controller in one), run inside this
 * JVM: the same broker code as a production cluster, with one replica. The controller listens on the next
 * port after the broker's.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

	private final int port;

	private final KafkaRaftServer server;

	private EmbeddedKafkaBroker(int port, KafkaRaftServer server) {
		this.port = port;
		this.server = server;
	}

	/**
	 * Formats {@code dataDir} if it is new and starts the broker; returns once it has started.
	 * @param port the client port, on 127.0.0.1; the controller takes {@code port + 1}
	 * @param dataDir the log directory; reused (with its topics) when it was formatted before
	 */
	public static EmbeddedKafkaBroker start(int port, Path dataDir) throws IOException {
		long started = System.nanoTime();
		Files.createDirectories(dataDir);
		Path logs = dataDir.resolve("kafka-logs");
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@127.0.0.1:" + (port + 1));
		props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
		props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		props.put("log.dirs", logs.toString());
		props.put("num.partitions", "6");
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "6");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "false");
		props.put("num.network.threads", "2");
		props.put("num.io.threads", "4");
		Path config = dataDir.resolve("server.properties");
		try (OutputStream out = Files.newOutputStream(config)) {
			props.store(out, "Spool standalone broker");
		}
		if (!Files.exists(logs.resolve("meta.properties"))) {
			// formatted once: a second format with a new cluster id would refuse the existing log directory
			format(config);
		}
		KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
		server.startup();
		log.info("Kafka broker started on 127.0.0.1:{} in {} ms (data in {})", port,
				(System.nanoTime() - started) / 1_000_000, dataDir);
		return new EmbeddedKafkaBroker(port, server);
	}

	private static void format(Path config) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		String[] args = { "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted" };
		int code = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
		if (code != 0) {
			throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
		}
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + port;
	}

	@Override
	public void close() {
		server.shutdown();
		server.awaitShutdown();
		log.info("Kafka broker stopped");
	}

}
