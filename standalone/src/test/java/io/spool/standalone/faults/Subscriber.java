package io.spool.standalone.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscriber of the fault suite: answers every delivery 204 and counts, per CloudEvent id, how often it
 * arrived. It can be taken down (its port refuses connections) and brought back on the same port.
 */
final class Subscriber implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	private final AtomicLong lastReceivedNanos = new AtomicLong();

	private volatile HttpServer server;

	Subscriber(int port) {
		this.port = port;
	}

	synchronized Subscriber up() throws IOException {
		if (server != null) {
			return this;
		}
		HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
		s.setExecutor(Executors.newFixedThreadPool(8));
		s.createContext("/hook", exchange -> {
			try (InputStream body = exchange.getRequestBody()) {
				JsonNode event = JSON.readTree(body.readAllBytes());
				String id = event.path("id").asString("");
				received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
				total.incrementAndGet();
				lastReceivedNanos.set(System.nanoTime());
				exchange.sendResponseHeaders(204, -1);
			}
			catch (RuntimeException ex) {
				exchange.sendResponseHeaders(400, -1);
			}
			finally {
				exchange.close();
			}
		});
		s.start();
		server = s;
		return this;
	}

	synchronized void down() {
		HttpServer s = server;
		server = null;
		if (s != null) {
			s.stop(0);
			((java.util.concurrent.ExecutorService) s.getExecutor()).shutdownNow();
		}
	}

	String url() {
		return "http://127.0.0.1:" + port + "/hook";
	}

	int timesReceived(String eventId) {
		AtomicInteger n = received.get(eventId);
		return n == null ? 0 : n.get();
	}

	long total() {
		return total.get();
	}

	long unique() {
		return received.size();
	}

	long lastReceivedNanos() {
		return lastReceivedNanos.get();
	}

	@Override
	public void close() {
		down();
	}

}
