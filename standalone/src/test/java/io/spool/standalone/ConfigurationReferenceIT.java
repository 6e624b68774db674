package io.spool.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import io.spool.common.json.JsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} honest: its generated section lists every {@code spool.*} key of the
 * configuration metadata (the {@code @ConfigurationProperties} records of every module, with the Javadoc of
 * their components) with its type, default and meaning. When a key is added, renamed or documented
 * differently this test fails; {@code ./mvnw -pl standalone -am verify -Dspool.docs.write=true} rewrites the
 * section.
 */
class ConfigurationReferenceIT {

	private static final Path DOC = Path.of("..", "docs", "configuration.md");

	static final String START = "<!-- generated from the configuration metadata: do not edit by hand -->";

	static final String END = "<!-- end of generated section -->";

	static String generate() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		Enumeration<URL> found = ConfigurationReferenceIT.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (found.hasMoreElements()) {
			try (InputStream in = found.nextElement().openStream()) {
				JsonCodec.standard().mapper().readTree(in).path("properties").forEach(p -> {
					String name = p.path("name").asString();
					if (name.startsWith("spool.")) {
						properties.put(name, p);
					}
				});
			}
		}
		StringBuilder table = new StringBuilder(START).append("\n\n| key | type | default | meaning |\n|---|---|---|---|\n");
		properties.forEach((name, p) -> table.append("| `")
			.append(name)
			.append("` | ")
			.append(simpleType(p.path("type").asString("")))
			.append(" | ")
			.append(defaultValue(p.path("defaultValue")))
			.append(" | ")
			.append(javadoc(p.path("description").asString("")).replace("\n", " ").replace("|", "\\|").strip())
			.append(" |\n"));
		return table.append('\n').append(END).toString();
	}

	/** {@code x} becomes `x`, braces inside it included. */
	static String javadoc(String text) {
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			int tag = text.indexOf("{@code ", i);
			if (tag < 0) {
				out.append(text, i, text.length());
				break;
			}
			out.append(text, i, tag).append('`');
			int depth = 1;
			int j = tag + "{@code ".length();
			while (j < text.length() && depth > 0) {
				char c = text.charAt(j);
				depth += c == '{' ? 1 : c == '}' ? -1 : 0;
				if (depth > 0) {
					out.append(c);
				}
				j++;
			}
			out.append('`');
			i = j;
		}
		return out.toString();
	}

	private static String simpleType(String type) {
		return type.replaceAll("[a-z][a-z0-9]*\\.", "").replace("$", ".").replace("|", "\\|").replace("<", "&lt;")
			.replace(">", "&gt;");
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		String text = value.isArray() ? String.join(", ", java.util.stream.StreamSupport.stream(value.spliterator(), false)
			.map(JsonNode::asString).toList()) : value.asString();
		return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
	}

	@Test
	void theConfigurationReferenceListsEverySpoolKeyAsTheMetadataDescribesIt() throws IOException {
		String doc = Files.readString(DOC);
		String generated = generate();
		int start = doc.indexOf(START);
		int end = doc.indexOf(END);
		if (Boolean.getBoolean("spool.docs.write")) {
			String updated = start < 0 ? doc.stripTrailing() + "\n\n## Every key (generated)\n\n" + generated + "\n"
					: doc.substring(0, start) + generated + doc.substring(end + END.length());
			Files.writeString(DOC, updated);
			return;
		}
		assertThat(start).as("docs/configuration.md has a generated section").isNotNegative();
		assertThat(doc.substring(start, end + END.length()))
			.as("docs/configuration.md is stale: run ./mvnw -pl standalone -am verify -Dspool.docs.write=true")
			.isEqualTo(generated);
		assertThat(generated).contains("spool.ingest.max-body-size", "spool.dispatcher.delivery.schedule",
				"spool.standalone.kafka-port", "spool.topics.create", "spool.admin.token");
	}

}
