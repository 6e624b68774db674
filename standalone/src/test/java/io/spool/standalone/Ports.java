package io.spool.standalone;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for the integration tests' servers. */
public final class Ports {

	private Ports() {
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A free port whose successor is free too: the broker's controller listens there. */
	public static int freePortPair() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket first = new ServerSocket(0)) {
				int port = first.getLocalPort();
				if (port < 65535) {
					try (ServerSocket second = new ServerSocket(port + 1)) {
						second.setReuseAddress(true);
						return port;
					}
					catch (IOException taken) {
						// try another pair
					}
				}
			}
		}
		throw new IOException("no free pair of ports");
	}

}
