package io.spool.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spool.common.json.JsonCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be proven of {@code docker/} without a Docker engine: the compose file parses and wires the
 * services, every {@code SPOOL_*} and {@code SPRING_*} variable it sets names a real configuration key (from the
 * configuration metadata of the jars on this classpath: both services, support, Spring Boot), and each
 * Dockerfile builds a module and copies a jar that this build produced. A failsafe test: it runs after
 * {@code package}.
 */
class ContainerFilesIT {

	private static final Path DOCKER = Path.of("..", "docker");

	/** Canonical form of every known key (lowercase, no separators) → whether it is a map. */
	private static final Map<String, Boolean> keys = new HashMap<>();

	@BeforeAll
	static void readMetadata() throws IOException {
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			Enumeration<URL> found = ContainerFilesIT.class.getClassLoader().getResources(resource);
			while (found.hasMoreElements()) {
				try (InputStream in = found.nextElement().openStream()) {
					JsonNode metadata = JsonCodec.standard().mapper().readTree(in);
					metadata.path("properties").forEach(p -> keys.merge(canonical(p.path("name").asString()),
							p.path("type").asString("").startsWith("java.util.Map"), Boolean::logicalOr));
				}
			}
		}
		assertThat(keys).as("configuration metadata on the classpath").isNotEmpty();
	}

	static String canonical(String name) {
		return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[._\\-\\[\\]]", "");
	}

	static boolean isKnown(String environmentVariable) {
		String env = canonical(environmentVariable);
		return keys.containsKey(env)
				|| keys.entrySet().stream().anyMatch(e -> e.getValue() && env.startsWith(e.getKey()) && env.length() > e.getKey().length());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> compose() throws IOException {
		return new Yaml().load(Files.readString(DOCKER.resolve("compose.yml")));
	}

	@Test
	void theComposeFileWiresKafkaPostgresAndBothServicesWithHealthchecks() throws IOException {
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose().get("services");
		assertThat(services).containsKeys("kafka", "postgres", "ingest", "dispatcher", "prometheus");
		for (String service : List.of("kafka", "postgres")) {
			assertThat(services.get(service)).as(service).containsKey("healthcheck");
		}
		assertThat(services.get("dispatcher").get("depends_on").toString()).contains("kafka", "postgres", "service_healthy");
		assertThat(services.get("ingest").get("depends_on").toString()).contains("kafka", "service_healthy");
	}

	@Test
	void everySpoolAndSpringVariableOfTheComposeFileIsARealConfigurationKey() throws IOException {
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose().get("services");
		int checked = 0;
		for (String service : List.of("ingest", "dispatcher")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
			for (String variable : environment.keySet()) {
				if (variable.startsWith("SPOOL_") || variable.startsWith("SPRING_") || variable.startsWith("LOGGING_")) {
					assertThat(isKnown(variable)).as(service + ": " + variable + " is a configuration key").isTrue();
					checked++;
				}
			}
		}
		assertThat(checked).isGreaterThan(8);
	}

	@Test
	void aMistypedVariableWouldBeCaught() {
		assertThat(isKnown("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
		assertThat(isKnown("SPOOL_INGEST_SOURCES_SHOP_SECRET")).isTrue();
		assertThat(isKnown("SPRING_KAFKA_BOOTSTRAP_SERVER")).isFalse();
		assertThat(isKnown("SPOOL_DISPATCHER_DELIVERY_ALLOW_PRIVATE_NETWORK")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingest", "dispatcher" })
	void eachDockerfileBuildsItsModuleAndCopiesAJarTheBuildProduces(String module) throws IOException {
		String dockerfile = Files.readString(DOCKER.resolve(module + ".Dockerfile"));
		assertThat(dockerfile).contains("-pl " + module + " -am package").contains("USER 10001").contains("HEALTHCHECK")
			.contains("/actuator/health/readiness");
		Matcher jar = Pattern.compile("-jar (\\S+\\.jar)").matcher(dockerfile);
		assertThat(jar.find()).isTrue();
		Path built = Path.of("..").resolve(jar.group(1));
		assertThat(built).as("the jar the Dockerfile extracts").exists();
		assertThat(Files.size(built)).isGreaterThan(1_000_000);
	}

}
