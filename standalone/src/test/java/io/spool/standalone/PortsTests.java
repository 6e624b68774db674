package io.spool.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PortsTests {

	@Test
	void neverHandsOutTheSamePortTwiceInOneJvm() throws IOException {
		Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			int single = Ports.restartablePort();
			int pair = Ports.restartablePortPair();
			int ephemeral = Ports.freePort();
			for (int port : new int[] { single, pair, pair + 1, ephemeral }) {
				assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
			}
		}
	}

	@Test
	void restartablePortsUseTheWholeRangeBelowTheSystemsOwn() throws IOException {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		assumeTrue(Files.isReadable(range), "not Linux");
		int ephemeralLow = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
		assumeTrue(ephemeralLow > 25_000, "a narrow range below the system's own");
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			ports.add(Ports.restartablePort());
		}
		assertThat(ports).allMatch(port -> port >= 20_000 && port < ephemeralLow)
			.as("not only the first thousand").anyMatch(port -> port >= 21_000);
	}

}
