package io.spool.dispatcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.spool.dispatcher");

	@Test
	void featureCoresNeverTouchKafkaDatabasesOrHttpClients() {
		noClasses().that()
			.resideInAnyPackage("io.spool.dispatcher.apply", "io.spool.dispatcher.query", "io.spool.dispatcher.stream",
					"io.spool.dispatcher.delivery", "io.spool.dispatcher.subscription")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka..", "reactor.kafka..", "io.r2dbc..", "org.springframework.r2dbc..",
					"org.springframework.web.reactive.function.client..")
			.because("a feature's core is reached through ports (StateStore, StatePublisher, StateQueries, "
					+ "StateFeed, DeliveryStore, DeliveryQueue, Sender, SubscriptionStore), so that reactor-kafka can be replaced by spring-kafka, or the database access "
					+ "changed, without touching a feature")
			.check(classes);
	}

	@Test
	void theApplyCoreDoesNotKnowTheWeb() {
		noClasses().that()
			.resideInAPackage("io.spool.dispatcher.apply")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..")
			.because("applying events is the same whether it is driven by Kafka, a replay or a test")
			.check(classes);
	}

}
