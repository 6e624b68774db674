package io.spool.standalone.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.spool.common.event.Topics;
import io.spool.standalone.Ports;
import io.spool.standalone.postgres.EmbeddedPostgresServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite: the ingest and the dispatcher from their packaged jars, a Kafka broker in a process of its own
 * and a real PostgreSQL server, a steady webhook sender and a subscriber, then each fault in turn — the broker
 * stopped and restarted, the dispatcher killed with SIGKILL, PostgreSQL stopped and restarted, the subscriber down
 * and back — and a {@link Verdict} read from the topic, the database and the subscriber. Without faults it is the
 * soak: the same pipeline at a steady rate, with the resident memory of both services sampled every second.
 */
final class FaultSuite {

	static final String MARKETPLACE_SECRET = "fault-suite-marketplace-secret";

	static final String ADMIN_TOKEN = "fault-suite-admin-token";

	/**
	 * @param name the run's name (report and log file names)
	 * @param rate webhooks sent per second, throughout
	 * @param steady load with no fault before and after each fault
	 * @param outage how long the broker, PostgreSQL and the subscriber stay down
	 * @param dispatcherKills how often the dispatcher is killed with SIGKILL
	 * @param faults false for a soak: {@code soak} of steady load and no fault
	 * @param soak the soak's length
	 * @param drain the longest wait after the load for the pipeline to catch up
	 * @param serviceJvm JVM options of the ingest and the dispatcher (which adds {@link #dispatcherJvm()}'s)
	 */
	record Settings(String name, int rate, Duration steady, Duration outage, int dispatcherKills, boolean faults,
			Duration soak, Duration drain, List<String> serviceJvm) {

		static Settings quick() {
			return new Settings("quick", 50, Duration.ofSeconds(4), Duration.ofSeconds(5), 3, true, Duration.ZERO,
					Duration.ofSeconds(90), List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
		}

		static Settings full() {
			return new Settings("full", 200, Duration.ofSeconds(20), Duration.ofSeconds(20), 3, true, Duration.ZERO,
					Duration.ofSeconds(240), List.of("-Xms256m", "-Xmx256m", "-XX:+UseParallelGC"));
		}

		static Settings soak(int rate, Duration length, Duration drain) {
			return new Settings("soak", rate, Duration.ofSeconds(30), Duration.ZERO, 0, false, length, drain,
					List.of("-Xms256m", "-Xmx256m", "-XX:+UseParallelGC"));
		}

		/**
		 * The dispatcher's: in the runs sized as in docker/ (the parallel collector for the ingest), the collector
		 * and option its own image sets instead (docker/dispatcher.Dockerfile: the serial collector, free malloc
		 * memory handed back).
		 */
		List<String> dispatcherJvm() {
			if (!sizedAsImages()) {
				return serviceJvm;
			}
			List<String> jvm = new ArrayList<>(serviceJvm);
			jvm.remove("-XX:+UseParallelGC");
			jvm.addAll(List.of("-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=1000"));
			return jvm;
		}

		/** The dispatcher's malloc setting in the runs sized as in docker/: its image's fixed mmap threshold. */
		Map<String, String> dispatcherEnvironment() {
			return sizedAsImages() ? Map.of("MALLOC_MMAP_THRESHOLD_", "131072") : Map.of();
		}

		/** Whether these runs are sized as in docker/: the ingest's image runs the parallel collector. */
		private boolean sizedAsImages() {
			return serviceJvm.contains("-XX:+UseParallelGC");
		}

	}

	/** One fault: when it began and ended (seconds since the load started) and how long recovery took. */
	record Fault(String name, double startS, double endS, double recoveryS) {
	}

	/** One memory sample. */
	record Sample(double tS, String phase, long ingestMiB, long dispatcherMiB, long accepted, long delivered) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Settings settings;

	private final Path work;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Fault> faults = new ArrayList<>();

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private volatile String phase = "start";

	private long t0;

	private int kafkaPort;

	private int postgresPort;

	private EmbeddedPostgresServer postgres;

	FaultSuite(Settings settings, Path work) {
		this.settings = settings;
		this.work = work;
	}

	Verdict run() throws Exception {
		Path root = Path.of(System.getProperty("user.dir")).getParent();
		Path ingestJar = root.resolve("ingest/target/spool-ingest.jar");
		Path dispatcherJar = root.resolve("dispatcher/target/spool-dispatcher.jar");
		for (Path jar : List.of(ingestJar, dispatcherJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
			}
		}
		kafkaPort = Ports.restartablePortPair();
		postgresPort = Ports.restartablePort();
		int ingestPort = Ports.freePort();
		int dispatcherPort = Ports.restartablePort();
		Path logs = work.resolve("logs");
		postgres = EmbeddedPostgresServer.start(postgresPort, work.resolve("postgres"));
		ChildProcess broker = ChildProcess.mainClass("kafka", BrokerMain.class, List.of("-Xms384m", "-Xmx384m"),
				logs.resolve("kafka.log"), List.of(Integer.toString(kafkaPort), work.resolve("kafka").toString()));
		String bootstrap = "127.0.0.1:" + kafkaPort;
		String jdbc = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresServer.DATABASE;
		String s = "--spool.ingest.sources.marketplace.";
		ChildProcess ingest = ChildProcess.jar("ingest", ingestJar, settings.serviceJvm(), logs.resolve("ingest.log"),
				List.of("--server.port=" + ingestPort, "--spring.kafka.bootstrap-servers=" + bootstrap,
						s + "format=marketplace", s + "verification=hmac-sha256", s + "secret=" + MARKETPLACE_SECRET));
		ChildProcess dispatcher = ChildProcess.jar("dispatcher", dispatcherJar, settings.dispatcherJvm(),
				logs.resolve("dispatcher.log"),
				List.of("--server.port=" + dispatcherPort, "--spring.kafka.bootstrap-servers=" + bootstrap,
						"--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + postgresPort + "/"
								+ EmbeddedPostgresServer.DATABASE,
						"--spring.r2dbc.username=postgres", "--spring.r2dbc.password=postgres", "--spring.flyway.url=" + jdbc,
						"--spring.flyway.user=postgres", "--spring.flyway.password=postgres",
						"--spool.admin.token=" + ADMIN_TOKEN, "--spool.dispatcher.delivery.allow-private-networks=true",
						"--spool.dispatcher.delivery.timeout=2s", "--spool.dispatcher.delivery.quick-backoff=50ms",
						"--spool.dispatcher.delivery.schedule=1s,2s,3s,5s,5s,5s,5s,5s,5s,5s,5s,5s",
						"--spool.dispatcher.delivery.circuit-open-for=2s"))
			.withEnvironment(settings.dispatcherEnvironment());
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		try (Subscriber subscriber = new Subscriber(Ports.restartablePort())) {
			broker.start().awaitPort(kafkaPort, Duration.ofSeconds(90));
			ingest.start();
			dispatcher.start();
			ingest.awaitHttpOk(health(ingestPort), Duration.ofSeconds(180));
			dispatcher.awaitHttpOk(health(dispatcherPort), Duration.ofSeconds(180));
			subscriber.up();
			subscribe(dispatcherPort, subscriber.url());
			t0 = System.nanoTime();
			List<SteadyLoad.Sent> sent;
			try (SteadyLoad load = new SteadyLoad("http://127.0.0.1:" + ingestPort, MARKETPLACE_SECRET,
					settings.name() + "-" + Long.toHexString(System.currentTimeMillis())).start(settings.rate(),
							settings.faults() ? Duration.ZERO : Duration.ofSeconds(30))) {
				// memory, and how far the deliveries are behind the webhooks accepted, every second
				sampler.scheduleAtFixedRate(() -> samples.add(new Sample(sinceStart(System.nanoTime()), phase,
						ingest.residentMiB(), dispatcher.residentMiB(), load.acceptedSoFar(), subscriber.unique())), 0, 1,
						TimeUnit.SECONDS);
				steady();
				if (settings.faults()) {
					fault("kafka broker stopped", () -> broker.stop(), () -> {
						broker.start().awaitPort(kafkaPort, Duration.ofSeconds(90));
					}, restartedNanos -> load.lastAcceptedNanos() > restartedNanos);
					for (int i = 1; i <= settings.dispatcherKills(); i++) {
						long[] applied = new long[1];
						fault("dispatcher SIGKILL #" + i, () -> {
							dispatcher.kill();
							applied[0] = eventLogCount();
						}, () -> dispatcher.start(), restartedNanos -> eventLogCount() > applied[0]);
					}
					long[] applied = new long[1];
					fault("postgresql stopped", () -> {
						postgres.close();
					}, () -> {
						postgres = EmbeddedPostgresServer.start(postgresPort, work.resolve("postgres"));
						applied[0] = eventLogCount();
					}, restartedNanos -> eventLogCount() > applied[0]);
					fault("subscriber down", subscriber::down, subscriber::up,
							restartedNanos -> subscriber.lastReceivedNanos() > restartedNanos);
				}
				else {
					phase = "soak";
					Thread.sleep(settings.soak().toMillis());
				}
				phase = "drain";
				sent = load.finish();
			}
			double loadS = sinceStart(System.nanoTime());
			Set<String> accepted = new HashSet<>();
			sent.stream().filter(SteadyLoad.Sent::accepted).forEach(x -> accepted.add(x.eventId()));
			// the cheap test first: scanning every accepted id (a million in a soak) four times a second took a core
			// of the two the pipeline was draining on
			await(settings.drain(), () -> subscriber.unique() >= accepted.size() && undelivered(accepted, subscriber) == 0
					&& stuckDeliveries() == 0);
			double drainS = sinceStart(System.nanoTime()) - loadS;
			phase = "verdict";
			Map<String, Integer> inKafka = eventsInKafka(bootstrap);
			Set<String> applied = eventLogIds();
			return Verdict.of(settings, t0, sent, inKafka, applied, stateNotMatchingLog(), subscriber, stuckDeliveries(),
					notSentBreakdown(), faults,
					samples, loadS, drainS);
		}
		finally {
			sampler.shutdownNow();
			dispatcher.stop();
			ingest.stop();
			broker.stop();
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	@FunctionalInterface
	interface Step {

		void run() throws Exception;

	}

	@FunctionalInterface
	interface Recovered {

		boolean test(long restartedNanos) throws Exception;

	}

	private void fault(String name, Step breakIt, Step repair, Recovered recovered) throws Exception {
		phase = name;
		double start = sinceStart(System.nanoTime());
		breakIt.run();
		Thread.sleep(settings.outage().toMillis());
		long restarted = System.nanoTime();
		repair.run();
		double end = sinceStart(restarted);
		long deadline = restarted + Duration.ofSeconds(120).toNanos();
		boolean back;
		while (!(back = safely(recovered, restarted)) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		// no recovery within the deadline is recorded as such (NaN) and fails the verdict
		faults.add(new Fault(name, start, end, back ? (System.nanoTime() - restarted) / 1e9 : Double.NaN));
		phase = "steady";
		steady();
	}

	private static boolean safely(Recovered recovered, long restarted) {
		try {
			return recovered.test(restarted);
		}
		catch (Exception ex) {
			return false;
		}
	}

	private void steady() throws InterruptedException {
		phase = "steady";
		Thread.sleep(settings.steady().toMillis());
	}

	private double sinceStart(long nanos) {
		return (nanos - t0) / 1e9;
	}

	private void subscribe(int dispatcherPort, String url) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + dispatcherPort + "/api/v1/subscriptions"))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"],\"concurrency\":32}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("subscription refused: " + response.statusCode() + " " + response.body());
		}
	}

	private long undelivered(Set<String> accepted, Subscriber subscriber) {
		return accepted.stream().filter(id -> subscriber.timesReceived(id) == 0).count();
	}

	private Connection database() throws SQLException {
		return DriverManager.getConnection(
				"jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresServer.DATABASE, "postgres",
				"postgres");
	}

	private long eventLogCount() throws SQLException {
		return longQuery("select count(*) from event_log");
	}

	private long stuckDeliveries() {
		try {
			return longQuery("select count(*) from deliveries where status <> 'sent'");
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	/** The deliveries not sent, grouped by status, last error and retries: what to look at when some are left. */
	private List<String> notSentBreakdown() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection c = database(); Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("""
						select status, coalesce(error_type, '-'), retry_count, count(*),
						       round(extract(epoch from now() - min(updated_at))), round(extract(epoch from now() - min(created_at)))
						from deliveries where status <> 'sent' group by 1, 2, 3 order by 4 desc limit 20""")) {
			while (rs.next()) {
				rows.add(rs.getString(1) + " / " + rs.getString(2) + " / retries " + rs.getInt(3) + ": " + rs.getLong(4)
						+ " (oldest touched " + rs.getLong(5) + " s ago, created " + rs.getLong(6) + " s ago)");
			}
		}
		return rows;
	}

	private long longQuery(String sql) throws SQLException {
		try (Connection c = database(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * Products whose state does not count exactly the events the log says were applied to them: every product
	 * event applied adds one to its product's version in the same transaction as its log row, so an event logged
	 * with its change lost, or applied twice, shows here (the event log alone cannot show either).
	 */
	private long stateNotMatchingLog() throws SQLException {
		return longQuery("""
				select count(*) from (
				    select subject, count(*) as logged from event_log
				    where processed and subject like 'product/%' group by subject) l
				full join products p on l.subject = 'product/' || p.id
				where coalesce(l.logged, 0) <> coalesce(p.version, 0)""");
	}

	private Set<String> eventLogIds() throws SQLException {
		Set<String> ids = new HashSet<>();
		try (Connection c = database(); Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select id::text from event_log")) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

	/** Every event on the events topic, read from the beginning to its end: id → how many records carry it. */
	private static Map<String, Integer> eventsInKafka(String bootstrap) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		Map<String, Integer> ids = new LinkedHashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(30))
				.stream()
				.map(p -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("could not read the events topic to its end");
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					String id = JSON.readTree(record.value()).path("id").asString("");
					ids.merge(id, 1, Integer::sum);
				}
			}
		}
		return ids;
	}

	private static void await(Duration atMost, BooleanSupplier done) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!done.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(250);
		}
	}

	private static String health(int port) {
		return "http://127.0.0.1:" + port + "/actuator/health/readiness";
	}

}
