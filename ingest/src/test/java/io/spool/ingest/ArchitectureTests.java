package io.spool.ingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.spool.ingest", "io.spool.support");

	@Test
	void theWebhookCoreNeverTouchesKafkaDatabasesOrHttpClients() {
		noClasses().that()
			.resideInAnyPackage("io.spool.ingest.webhook", "io.spool.ingest.webhook.mapping",
					"io.spool.ingest.webhook.verify", "io.spool.ingest.webhook.source")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka..", "reactor.kafka..", "io.r2dbc..",
					"org.springframework.web.reactive.function.client..")
			.because("the core is reached through ports, so that reactor-kafka can be replaced by spring-kafka "
					+ "(or the store by another) without touching a feature")
			.check(classes);
	}

	@Test
	void formatsAndVerifiersArePure() {
		noClasses().that()
			.resideInAnyPackage("io.spool.ingest.webhook.mapping", "io.spool.ingest.webhook.verify")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http.server..", "reactor.core..",
					"io.micrometer..")
			.because("mapping and verification are pure functions of the request, tested without a server")
			.check(classes);
	}

	@Test
	void onlyTheProblemHandlerRendersErrors() {
		noClasses().that()
			.resideOutsideOfPackage("io.spool.support.problem")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.http.ProblemDetail")
			.because("errors become problem+json in one place")
			.check(classes);
	}

}
