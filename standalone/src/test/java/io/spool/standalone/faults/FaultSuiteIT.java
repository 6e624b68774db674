package io.spool.standalone.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite inside {@code verify}: the quick run by default; {@code -Dspool.faults=full} for the documented
 * full run, {@code -Dspool.faults=soak -Dspool.faults.rate=N -Dspool.faults.seconds=S -Dspool.faults.drain=D} for the soak (both through
 * {@code bench/faults.sh}). Reports go to {@code target/faults/}.
 */
class FaultSuiteIT {

	@Test
	void everyAcceptedWebhookIsLoggedOnceAppliedAndDeliveredThroughBrokerDispatcherDatabaseAndSubscriberFaults()
			throws Exception {
		String profile = System.getProperty("spool.faults", "quick");
		FaultSuite.Settings settings = switch (profile) {
			case "full" -> FaultSuite.Settings.full();
			case "soak" -> FaultSuite.Settings.soak(Integer.getInteger("spool.faults.rate", 1000),
					Duration.ofSeconds(Integer.getInteger("spool.faults.seconds", 600)),
					Duration.ofSeconds(Integer.getInteger("spool.faults.drain", 300)));
			default -> FaultSuite.Settings.quick();
		};
		Path out = Path.of("target", "faults", settings.name());
		Files.createDirectories(out);
		Verdict verdict = new FaultSuite(settings, Files.createTempDirectory(out.toAbsolutePath(), "work-")).run();
		String report = verdict.markdown();
		Files.writeString(out.resolve("report.md"), report);
		Files.writeString(out.resolve("memory.csv"), verdict.memoryCsv());
		System.out.println("FAULT SUITE " + settings.name() + "\n" + report);
		assertThat(verdict.failures()).as(report).isEmpty();
		if (settings.faults()) {
			assertThat(verdict.faults()).hasSize(3 + settings.dispatcherKills());
		}
	}

}
