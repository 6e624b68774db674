// bench/SpoolLoad.java — the load generator and subscriber sinks of Spool's benchmarks (bench/pipeline.sh,
// bench/ingest.sh). A single-file program on the classpath of the limits scripts' http_cp (reactor-netty-http,
// HdrHistogram). The scripts compile it once (bench/common.sh: the source launcher compiled it at every start, 4.6 s
// of CPU each time); by hand, the source launcher runs it as well:
//
//   java -cp "$(http_cp)" bench/SpoolLoad.java send  url=http://127.0.0.1:18090 rate=1000 duration_s=30 ...
//   java -cp "$(http_cp)" bench/SpoolLoad.java sinks control=19100 ports=19101-19110 hang=19111
//   java -cp "$(http_cp)" bench/SpoolLoad.java bodies dir=/tmp/bodies n=64      (signed requests for wrk)
//   java -cp "$(http_cp)" bench/SpoolLoad.java secrets                          (the sources' secrets)
//
// send: an open-loop generator. Requests are due at fixed intervals and each latency is measured from the moment
// the request was due, not from when it left, so a slow server cannot hide its queueing (no coordinated
// omission). Bodies are 1 KiB webhooks of the seed formats, signed as each source expects, each with a unique
// event id and "bench_sent_us" (wall clock, µs) so that a sink can measure webhook → delivery latency.
// Prints one line: RESULT sent=.. ok=.. non2xx=.. errors=.. rate=.. ack_p50_ms=.. ack_p99_ms=.. ack_p999_ms=..
//
// sinks: subscriber endpoints answering 200 (and "hang" ports that read the request and never answer). On the
// control port, GET /stats?reset=1 answers one key=value line: received, unique webhook-ids, duplicates, and
// the webhook → delivery latency percentiles of the healthy sinks since the last reset.
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

public class SpoolLoad {

	static final String MARKETPLACE_SECRET = "bench-marketplace-secret";

	static final String PRINT_SERVICE_SECRET = "bench-print-service-secret";

	/** Standard Webhooks key, base64 of 32 bytes. */
	static final String ERP_SECRET = "whsec_" + Base64.getEncoder()
		.encodeToString("spool-bench-erp-signing-key-32by".getBytes(StandardCharsets.US_ASCII));

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			int eq = args[i].indexOf('=');
			opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
		}
		switch (args[0]) {
			case "send" -> send(opts);
			case "sinks" -> sinks(opts);
			case "bodies" -> bodies(opts);
			case "secrets" -> System.out.println("marketplace=" + MARKETPLACE_SECRET + " print-service="
					+ PRINT_SERVICE_SECRET + " erp=" + ERP_SECRET);
			default -> throw new IllegalArgumentException("mode: send | sinks | bodies | secrets");
		}
	}

	// ------------------------------------------------------------------------------------------------ send

	record Webhook(String path, Map<String, String> headers, byte[] body) {
	}

	static void send(Map<String, String> o) throws Exception {
		String url = o.getOrDefault("url", "http://127.0.0.1:8080");
		double rate = Double.parseDouble(o.getOrDefault("rate", "1000"));
		long durationS = Long.parseLong(o.getOrDefault("duration_s", "30"));
		long count = Long.parseLong(o.getOrDefault("count", "0")); // 0: rate × duration
		int conns = Integer.parseInt(o.getOrDefault("conns", "64"));
		String[] formats = o.getOrDefault("formats", "marketplace,simpleprint,print-service,erp").split(",");
		int keys = Integer.parseInt(o.getOrDefault("keys", "1000"));
		// An open loop over the server's capacity queues without end: past this many requests waiting for their
		// answer the run stops sending and says so (overloaded=1), rather than run out of memory. 0 (the default):
		// no limit, for the pipeline's warm-up and backlog, which are meant to be sent in full over capacity.
		long maxWaiting = Long.parseLong(o.getOrDefault("max_waiting", "0"));
		String run = o.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36));
		long total = count > 0 ? count : (long) (rate * durationS);
		// The generator is a fresh JVM: its first seconds run interpreted and fall behind schedule, which would
		// count as the server's latency. Latencies of requests due in the first latency_warmup_s are not kept
		// (every request is still sent and counted).
		long latencyWarmup = (long) (rate * Double.parseDouble(o.getOrDefault("latency_warmup_s", count > 0 ? "0" : "5")));
		// prebuild=1: a pool of webhooks (pool=4096, distinct events) is built and signed before the clock starts
		// and sent in turn, as wrk sends its 64 in the closed loop, so that the generator's own work (JSON, HMAC)
		// does not compete with the server for the two cores while it is measured. Their bodies then carry the
		// build time, not the due time: for ingest runs, not end to end. (Building every request of a run in
		// advance, as before, put 300,000+ webhooks on the generator's heap: its collections stalled it for up to
		// 1.3 s at 50 % of the ingest's maximum and it ran out of memory at 75 %.)
		Webhook[] prebuilt = null;
		if ("1".equals(o.get("prebuild"))) {
			prebuilt = new Webhook[(int) Math.min(total, Long.parseLong(o.getOrDefault("pool", "4096")))];
			Instant built = Instant.now();
			for (int i = 0; i < prebuilt.length; i++) {
				prebuilt[i] = webhook(formats[i % formats.length], run + "-" + i, i % keys, built);
			}
		}

		if ("nio".equals(o.get("engine"))) {
			java.net.URI target = java.net.URI.create(url);
			String host = target.getHost() + ":" + target.getPort();
			RequestSource requests;
			if (prebuilt != null) {
				byte[][] bytes = new byte[prebuilt.length][];
				for (int i = 0; i < prebuilt.length; i++) {
					bytes[i] = httpRequest(prebuilt[i], host);
				}
				requests = (seq, due) -> bytes[(int) (seq % bytes.length)];
			}
			else {
				// built when due, with the due moment in the body, as the Reactor Netty client below does: for end
				// to end runs, whose sinks read the latency from the body
				long originNs = System.nanoTime();
				Instant originWall = Instant.now();
				String[] fs = formats;
				requests = (seq, due) -> httpRequest(webhook(fs[(int) (seq % fs.length)], run + "-" + seq,
						(int) (seq % keys), originWall.plusNanos(due - originNs)), host);
			}
			sendNio(url, requests, rate, total, conns, maxWaiting, latencyWarmup,
					Long.parseLong(o.getOrDefault("drain_s", "60")), Long.parseLong(o.getOrDefault("slow_ms", "0")));
			return;
		}
		ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(conns)
			.pendingAcquireMaxCount(-1).build();
		HttpClient client = HttpClient.create(pool).baseUrl(url).protocol(HttpProtocol.HTTP11);
		Recorder ack = new Recorder(3);
		AtomicLong ok = new AtomicLong(), non2xx = new AtomicLong(), errors = new AtomicLong();
		CountDownLatch done = new CountDownLatch(1);
		AtomicLong finished = new AtomicLong();
		AtomicLong expected = new AtomicLong(total);
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

		// Open every connection before the clock starts: a connection opened mid-run would count its handshake
		// (and the generator's first use of it) as the server's latency.
		Flux.range(0, conns)
			.flatMap(n -> client.get().uri("/actuator/health/liveness").responseSingle((r, b) -> b.then()).onErrorResume(ex -> Mono.empty()), conns)
			.blockLast(Duration.ofSeconds(30));
		System.gc(); // what building and connecting left behind is not collected on the clock
		long intervalNs = (long) (1e9 / rate);
		long start = System.nanoTime();
		long sent = total;
		for (long i = 0; i < total; i++) {
			if (maxWaiting > 0 && i - finished.get() >= maxWaiting) {
				sent = i;
				break;
			}
			long due = awaitDue(start, i, intervalNs);
			long seq = i;
			Webhook webhook;
			try {
				if (prebuilt != null) {
					webhook = prebuilt[(int) (i % prebuilt.length)];
				}
				else {
					Instant dueWall = Instant.now().plusNanos(Math.max(0, due - System.nanoTime()));
					webhook = webhook(formats[(int) (i % formats.length)], run + "-" + i, (int) (i % keys), dueWall);
				}
			}
			catch (RuntimeException ex) {
				if (errors.getAndIncrement() == 0) {
					ex.printStackTrace();
				}
				if (finished.incrementAndGet() == expected.get()) {
					done.countDown();
				}
				continue;
			}
			// headers set on this request: client.headers(…) would copy the client's whole configuration per request
			client.post()
				.uri(webhook.path())
				.send((request, out) -> {
					webhook.headers().forEach(request.requestHeaders()::set);
					request.requestHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, webhook.body().length);
					return out.send(Mono.just(Unpooled.wrappedBuffer(webhook.body())));
				})
				.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
				.subscribe(code -> {
					if (seq >= latencyWarmup) {
						ack.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
					}
					(code / 100 == 2 ? ok : non2xx).incrementAndGet();
					if (code / 100 != 2) {
						statuses.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
					}
				}, ex -> {
					errors.incrementAndGet();
					if (finished.incrementAndGet() == expected.get()) {
						done.countDown();
					}
				}, () -> {
					if (finished.incrementAndGet() == expected.get()) {
						done.countDown();
					}
				});
		}
		long sentNs = System.nanoTime() - start;
		String overload = "";
		if (sent < total) {
			overload = String.format(" overloaded=1 overloaded_after_s=%.1f waiting=%d", sentNs / 1e9, sent - finished.get());
			expected.set(sent);
			if (finished.get() >= sent) {
				done.countDown();
			}
		}
		done.await(Long.parseLong(o.getOrDefault("drain_s", "60")), TimeUnit.SECONDS);
		Histogram h = ack.getIntervalHistogram();
		System.out.printf("RESULT sent=%d ok=%d non2xx=%d errors=%d statuses=%s rate=%.1f ack_p50_ms=%.3f ack_p99_ms=%.3f"
				+ " ack_p999_ms=%.3f ack_max_ms=%.3f%s%n", sent, ok.get(), non2xx.get(), errors.get(), statuses,
				sent / (sentNs / 1e9), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, overload);
		pool.disposeLater().block();
	}

	/** Waits until request {@code i} of a schedule started at {@code start} is due, and returns that moment. */
	static long awaitDue(long start, long i, long intervalNs) {
		long due = start + i * intervalNs;
		long wait = due - System.nanoTime();
		if (wait > 50_000) {
			LockSupport.parkNanos(wait);
		}
		return due;
	}

	/** The bytes of request {@code seq}, due at {@code due} (System.nanoTime). */
	@FunctionalInterface
	interface RequestSource {

		byte[] request(long seq, long due);

	}

	/** One webhook as an HTTP/1.1 request in bytes. */
	static byte[] httpRequest(Webhook w, String host) {
		StringBuilder head = new StringBuilder(256).append("POST ").append(w.path()).append(" HTTP/1.1\r\nHost: ")
			.append(host).append("\r\n");
		w.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
		head.append("Content-Length: ").append(w.body().length).append("\r\n\r\n");
		byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[h.length + w.body().length];
		System.arraycopy(h, 0, request, 0, h.length);
		System.arraycopy(w.body(), 0, request, h.length, w.body().length);
		return request;
	}

	/**
	 * engine=nio: the same open loop on plain non-blocking sockets, for the ingest's latency runs and, since
	 * 2026-11-25, the pipeline's. The Reactor Netty client above costs ≈ 150 µs of CPU per request on the first
	 * machine, more than the ingest itself: at 25 % of the ingest's maximum the generator took half a core of the two
	 * the ingest needs (docs/benchmarks.md). Here each webhook is one HTTP/1.1 request in bytes (prebuilt, or built
	 * and signed when due), written by the timing thread to a free keep-alive connection when it is due (or, when
	 * none is free, by the reader as soon as one is, still timed from its due moment); one reader thread waits on a
	 * selector and times each answer as it arrives.
	 */
	static void sendNio(String url, RequestSource requests, double rate, long total, int conns, long maxWaiting,
			long latencyWarmup, long drainS, long slowMs) throws Exception {
		java.net.URI uri = java.net.URI.create(url);
		java.net.InetSocketAddress address = new java.net.InetSocketAddress(uri.getHost(), uri.getPort());
		java.nio.channels.Selector selector = java.nio.channels.Selector.open();
		java.util.ArrayDeque<NioConn> free = new java.util.ArrayDeque<>();
		java.util.ArrayDeque<long[]> waiting = new java.util.ArrayDeque<>(); // {due, seq} of requests due, no connection free
		for (int i = 0; i < conns; i++) {
			java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(address);
			channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			NioConn conn = new NioConn(channel);
			channel.register(selector, java.nio.channels.SelectionKey.OP_READ, conn);
			free.add(conn);
		}
		Histogram ack = new Histogram(3);
		AtomicLong ok = new AtomicLong(), non2xx = new AtomicLong(), errors = new AtomicLong(), finished = new AtomicLong();
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		// slow_ms > 0: in which seconds of the run answers took longer (second:count), to line stalls up with GC logs
		java.util.TreeMap<Long, Integer> slow = new java.util.TreeMap<>();
		Object lock = new Object();
		System.gc();
		long intervalNs = (long) (1e9 / rate);
		long start = System.nanoTime();
		Thread reader = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					selector.select(100);
					long now = System.nanoTime();
					for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
						NioConn conn = (NioConn) key.attachment();
						int status = conn.read();
						if (status == 0) {
							continue; // the answer is not complete yet
						}
						if (status < 0) { // closed or unreadable: the request failed, the connection is gone
							key.cancel();
							errors.incrementAndGet();
							finished.incrementAndGet();
							continue;
						}
						if (conn.seq >= latencyWarmup) {
							ack.recordValue(Math.max(0, (now - conn.due) / 1000));
						}
						if (slowMs > 0 && now - conn.due > slowMs * 1_000_000) {
							slow.merge((conn.due - start) / 1_000_000_000, 1, Integer::sum);
						}
						(status / 100 == 2 ? ok : non2xx).incrementAndGet();
						if (status / 100 != 2) {
							statuses.computeIfAbsent(status, c -> new AtomicLong()).incrementAndGet();
						}
						finished.incrementAndGet();
						long[] next;
						synchronized (lock) {
							next = waiting.poll();
							if (next == null) {
								free.add(conn);
							}
						}
						if (next != null && !conn.send(requests.request(next[1], next[0]), next[0], next[1])) {
							key.cancel();
							errors.incrementAndGet();
							finished.incrementAndGet();
						}
					}
					selector.selectedKeys().clear();
				}
			}
			catch (java.io.IOException ex) {
				ex.printStackTrace();
			}
		}, "nio-reader");
		reader.setDaemon(true);
		reader.start();
		long sent = total;
		for (long i = 0; i < total; i++) {
			if (maxWaiting > 0 && i - finished.get() >= maxWaiting) {
				sent = i;
				break;
			}
			long due = awaitDue(start, i, intervalNs);
			NioConn conn;
			synchronized (lock) {
				conn = free.poll();
				if (conn == null) {
					waiting.add(new long[] { due, i });
				}
			}
			if (conn != null && !conn.send(requests.request(i, due), due, i)) {
				errors.incrementAndGet(); // the connection is gone: it is not handed out again
				finished.incrementAndGet();
			}
		}
		long sentNs = System.nanoTime() - start;
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainS);
		while (finished.get() < sent && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		reader.interrupt();
		reader.join(5_000);
		String extra = sent < total ? String.format(" overloaded=1 overloaded_after_s=%.1f waiting=%d",
				sentNs / 1e9, sent - finished.get()) : "";
		if (slowMs > 0) {
			StringBuilder seconds = new StringBuilder();
			slow.forEach((second, n) -> seconds.append(seconds.isEmpty() ? "" : ",").append(second).append(':').append(n));
			extra += " slow_s=" + (seconds.isEmpty() ? "none" : seconds) + " start_epoch_ms="
					+ (System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000);
		}
		System.out.printf("RESULT sent=%d ok=%d non2xx=%d errors=%d statuses=%s rate=%.1f ack_p50_ms=%.3f"
				+ " ack_p99_ms=%.3f ack_p999_ms=%.3f ack_max_ms=%.3f engine=nio%s%n", sent, ok.get(), non2xx.get(),
				errors.get(), statuses, sent / (sentNs / 1e9), ms(ack, 50), ms(ack, 99), ms(ack, 99.9),
				ack.getMaxValue() / 1000.0, extra);
	}

	/** One keep-alive connection with at most one request in flight, and its answer read as far as it came. */
	static final class NioConn {

		final java.nio.channels.SocketChannel channel;

		final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(64 * 1024);

		volatile long due;

		volatile long seq;

		NioConn(java.nio.channels.SocketChannel channel) {
			this.channel = channel;
		}

		/** Writes the request; false if the connection failed (the request then counts as an error). */
		boolean send(byte[] request, long due, long seq) {
			this.due = due;
			this.seq = seq;
			java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(request);
			try {
				while (out.hasRemaining()) {
					channel.write(out); // a 1.5 KiB request on an idle connection: the socket takes it at once
				}
				return true;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		}

		/** The status once the whole answer is in, 0 while it is not, -1 if the connection failed. */
		int read() {
			try {
				if (channel.read(in) < 0) {
					return -1;
				}
			}
			catch (java.io.IOException ex) {
				return -1;
			}
			byte[] b = in.array();
			int n = in.position();
			int end = -1;
			for (int i = 3; i < n; i++) {
				if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
					end = i + 1;
					break;
				}
			}
			if (end < 0) {
				return 0;
			}
			String head = new String(b, 0, end, StandardCharsets.ISO_8859_1);
			int length = 0;
			for (String line : head.split("\r\n")) {
				if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			if (n < end + length) {
				return 0;
			}
			int status = Integer.parseInt(head.substring(9, 12));
			in.clear(); // one request in flight per connection: nothing follows the answer
			return status;
		}

	}

	/**
	 * Writes signed webhooks for wrk (bench/ingest.sh): per request i, {@code i.path}, {@code i.headers} (one
	 * "name: value" per line) and {@code i.body}, cycling through the formats.
	 */
	static void bodies(Map<String, String> o) throws Exception {
		java.nio.file.Path dir = java.nio.file.Path.of(o.get("dir"));
		java.nio.file.Files.createDirectories(dir);
		String[] formats = o.getOrDefault("formats", "marketplace,simpleprint,print-service,erp").split(",");
		int n = Integer.parseInt(o.getOrDefault("n", "64"));
		for (int i = 0; i < n; i++) {
			Webhook w = webhook(formats[i % formats.length], "wrk-" + i, i, Instant.now());
			StringBuilder headers = new StringBuilder();
			w.headers().forEach((k, v) -> headers.append(k).append(": ").append(v).append('\n'));
			java.nio.file.Files.writeString(dir.resolve(i + ".path"), w.path());
			java.nio.file.Files.writeString(dir.resolve(i + ".headers"), headers);
			java.nio.file.Files.write(dir.resolve(i + ".body"), w.body());
		}
	}

	static double ms(Histogram h, double percentile) {
		return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
	}

	/** One signed 1 KiB webhook of a seed format, as its sender would post it. */
	static Webhook webhook(String format, String id, int key, Instant sent) {
		long sentUs = ChronoUnit.MICROS.between(Instant.EPOCH, sent);
		String ts = sent.truncatedTo(ChronoUnit.MILLIS).toString();
		Map<String, String> headers = new HashMap<>();
		headers.put("Content-Type", "application/json");
		String head;
		String tail = "\"}}";
		switch (format) {
			case "marketplace" -> head = "{\"event_type\":\"product.updated\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + ts
					+ "\",\"data\":{\"product_id\":\"p" + key + "\",\"title\":\"Bench product\",\"image_key\":\"p" + key
					+ "/bench.jpg\",\"bench_sent_us\":" + sentUs + ",\"pad\":\"";
			case "simpleprint" -> head = "{\"webhook_id\":7,\"event\":\"job.progress\",\"timestamp\":\"" + ts
					+ "\",\"data\":{\"printer\":{\"id\":" + key + ",\"name\":\"Printer " + key + "\",\"state\":\"printing\"},"
					+ "\"job\":{\"id\":\"" + id + "\",\"name\":\"bench.gcode\",\"progress\":" + (key % 100)
					+ "},\"bench_sent_us\":" + sentUs + ",\"pad\":\"";
			case "print-service" -> {
				tail = "\"}";
				head = "{\"event\":\"job_status_update\",\"job_id\":\"j" + key + "\",\"status\":\"PRINTING\","
					+ "\"timestamp\":\"" + ts + "\",\"delivery_id\":\"" + id + "\",\"job\":{\"id\":\"j" + key
					+ "\",\"filename\":\"bench.3mf\"},\"bench_sent_us\":" + sentUs + ",\"pad\":\"";
			}
			case "erp" -> {
				head = "{\"type\":\"erp.order.updated\",\"subject\":\"order/o" + key + "\",\"data\":{\"order\":\"o" + key
						+ "\",\"bench_sent_us\":" + sentUs + ",\"pad\":\"";
			}
			default -> throw new IllegalArgumentException("format " + format);
		}
		String pad = "x".repeat(Math.max(0, 1024 - head.length() - tail.length()));
		byte[] body = (head + pad + tail).getBytes(StandardCharsets.UTF_8);
		switch (format) {
			case "marketplace" -> headers.put("X-Webhook-Signature", "sha256=" + hex(hmac(MARKETPLACE_SECRET.getBytes(StandardCharsets.UTF_8), body)));
			case "print-service" -> {
				headers.put("X-Print-Service-Signature", hex(hmac(PRINT_SERVICE_SECRET.getBytes(StandardCharsets.UTF_8), body)));
				headers.put("X-Print-Service-Delivery", id);
			}
			case "erp" -> {
				String seconds = Long.toString(sent.getEpochSecond());
				byte[] key32 = Base64.getDecoder().decode(ERP_SECRET.substring("whsec_".length()));
				byte[] signed = (id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8);
				byte[] all = new byte[signed.length + body.length];
				System.arraycopy(signed, 0, all, 0, signed.length);
				System.arraycopy(body, 0, all, signed.length, body.length);
				headers.put("webhook-id", id);
				headers.put("webhook-timestamp", seconds);
				headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(key32, all)));
			}
			default -> {
			}
		}
		return new Webhook("/api/v1/webhooks/" + format, headers, body);
	}

	static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	// ----------------------------------------------------------------------------------------------- sinks

	static final class Sinks {

		final Recorder latency = new Recorder(3);

		/** Everything recorded since the last reset: a Recorder's interval empties on every read. */
		Histogram total = new Histogram(3);

		final AtomicLong received = new AtomicLong();

		final AtomicLong duplicates = new AtomicLong();

		final AtomicLong hung = new AtomicLong();

		final Set<String> ids = ConcurrentHashMap.newKeySet();

		volatile long firstUs;

		volatile long lastUs;

		void record(String webhookId, String body) {
			long nowUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
			received.incrementAndGet();
			if (firstUs == 0) {
				firstUs = nowUs;
			}
			lastUs = nowUs;
			if (webhookId != null && !ids.add(webhookId)) {
				duplicates.incrementAndGet();
			}
			int at = body.indexOf("\"bench_sent_us\":");
			if (at >= 0) {
				int from = at + "\"bench_sent_us\":".length();
				int to = from;
				while (to < body.length() && Character.isDigit(body.charAt(to))) {
					to++;
				}
				latency.recordValue(Math.max(0, nowUs - Long.parseLong(body.substring(from, to))));
			}
		}

		synchronized String stats(boolean reset) {
			total.add(latency.getIntervalHistogram());
			Histogram h = total;
			String line = String.format("received=%d unique=%d duplicates=%d hung=%d first_us=%d last_us=%d e2e_count=%d"
					+ " e2e_p50_ms=%.3f e2e_p99_ms=%.3f e2e_p999_ms=%.3f e2e_max_ms=%.3f", received.get(), ids.size(),
					duplicates.get(), hung.get(), firstUs, lastUs, h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9),
					h.getMaxValue() / 1000.0);
			if (reset) {
				total = new Histogram(3);
				received.set(0);
				duplicates.set(0);
				hung.set(0);
				ids.clear();
				firstUs = 0;
				lastUs = 0;
			}
			return line;
		}

	}

	static void sinks(Map<String, String> o) throws Exception {
		Sinks sinks = new Sinks();
		List<DisposableServer> servers = new ArrayList<>();
		String[] range = o.getOrDefault("ports", "19101-19110").split("-");
		for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[range.length - 1]); port++) {
			servers.add(HttpServer.create().host("127.0.0.1").port(port)
				.handle((req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
					.flatMap(body -> {
						sinks.record(req.requestHeaders().get("webhook-id"), body);
						return res.status(200).header(HttpHeaderNames.CONTENT_LENGTH, "0").send().then();
					}))
				.bindNow());
		}
		if (o.containsKey("hang")) {
			servers.add(HttpServer.create().host("127.0.0.1").port(Integer.parseInt(o.get("hang")))
				.handle((req, res) -> req.receive().then(Mono.fromRunnable(sinks.hung::incrementAndGet)).then(Mono.never()))
				.bindNow());
		}
		servers.add(HttpServer.create().host("127.0.0.1").port(Integer.parseInt(o.getOrDefault("control", "19100")))
			.route(r -> r.get("/stats", (req, res) -> res.sendString(
					Mono.fromSupplier(() -> sinks.stats(req.uri().contains("reset=1")) + "\n"))))
			.bindNow());
		System.out.println("SINKS ready");
		servers.get(servers.size() - 1).onDispose().block();
	}

}
