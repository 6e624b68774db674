package io.spool.dispatcher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A real HTTP subscriber on loopback (mockwebserver3) whose answer a test can change at any time. */
public final class Receiver implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final AtomicReference<Function<RecordedRequest, MockResponse>> answer = new AtomicReference<>(
			r -> new MockResponse.Builder().code(200).body("ok").build());

	public Receiver() {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				requests.add(request);
				return answer.get().apply(request);
			}
		});
		try {
			server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getPort() + path;
	}

	public void answer(int status) {
		answer.set(r -> new MockResponse.Builder().code(status).body("status " + status).build());
	}

	public void answer(Function<RecordedRequest, MockResponse> response) {
		answer.set(response);
	}

	public List<RecordedRequest> requests() {
		return List.copyOf(requests);
	}

	@Override
	public void close() {
		server.close();
	}

}
