package io.spool.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code package} leaves for the README's run command (a failsafe test: it runs after {@code package}):
 * the extracted application jar whose class path names every library beside it, and the class-data-sharing
 * archive its training run wrote, which holds the classes of both services, not only of the infrastructure.
 */
@DisabledIfSystemProperty(named = "spool.cds.skip", matches = "|true")
class StartupArchiveIT {

	private static final Path EXTRACTED = Path.of("target", "spool");

	@Test
	void theExtractedJarNamesEveryLibraryOnItsClassPathAndEachIsThere() throws IOException {
		try (JarFile jar = new JarFile(EXTRACTED.resolve("spool-standalone.jar").toFile())) {
			String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
			assertThat(classPath).contains("lib/");
			for (String entry : classPath.trim().split("\\s+")) {
				assertThat(EXTRACTED.resolve(entry)).as(entry).isRegularFile();
			}
		}
	}

	@Test
	void theTrainingRunArchivedTheClassesOfBothServices() throws IOException {
		Path archive = EXTRACTED.resolve("spool.jsa");
		assertThat(archive).isRegularFile();
		// a dynamic archive records the names of the classes it holds; an aborted training run (only the
		// infrastructure started) would not hold the services' own classes
		byte[] content = Files.readAllBytes(archive);
		String text = new String(content, StandardCharsets.ISO_8859_1);
		assertThat(text).contains("io/spool/ingest/IngestApplication", "io/spool/dispatcher/DispatcherApplication",
				"io/spool/standalone/kafka/EmbeddedKafkaBroker");
	}

}
