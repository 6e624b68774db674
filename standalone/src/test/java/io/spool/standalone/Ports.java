package io.spool.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free local ports for the integration tests' servers. A port is free when asked for, not reserved: so no port is
 * handed out twice in one JVM (a suite that takes four ports before starting anything once got the broker's port
 * for the dispatcher as well).
 */
public final class Ports {

	/** Guarded by the class: {@link #take} is the only reader and writer. */
	private static final Set<Integer> handedOut = new HashSet<>();

	private Ports() {
	}

	public static int freePort() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0)) {
				if (take(socket.getLocalPort(), 1)) {
					return socket.getLocalPort();
				}
			}
		}
		throw new IOException("no free port");
	}

	/**
	 * A free port below the range the system hands out to outgoing connections, for a server that is stopped and
	 * started again on the same port: while it is down, a client's reconnection cannot take its port.
	 */
	public static int restartablePort() throws IOException {
		return restartable(1);
	}

	/** Like {@link #restartablePort()}, with its successor free too (a broker and its controller). */
	public static int restartablePortPair() throws IOException {
		return restartable(2);
	}

	private static int restartable(int count) throws IOException {
		int ephemeralLow = 32768;
		try {
			// read line by line: Files.readString trusts the size procfs reports and returned "3" of "32768 60999"
			String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
			ephemeralLow = Integer.parseInt(range.trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the IANA dynamic range starts at 49152, the Linux default at 32768; stay below both
		}
		int low = 20_000;
		int high = Math.max(low + 1000, ephemeralLow) - count;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = random.nextInt(low, high);
			if (free(port) && (count == 1 || free(port + 1)) && take(port, count)) {
				return port;
			}
		}
		throw new IOException("no free port below " + high);
	}

	/** Marks {@code count} ports from {@code port} as handed out, unless one of them was already. */
	private static synchronized boolean take(int port, int count) {
		for (int i = 0; i < count; i++) {
			if (handedOut.contains(port + i)) {
				return false;
			}
		}
		for (int i = 0; i < count; i++) {
			handedOut.add(port + i);
		}
		return true;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return socket.getLocalPort() == port;
		}
		catch (IOException taken) {
			return false;
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
						if (take(port, 2)) {
							return port;
						}
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
