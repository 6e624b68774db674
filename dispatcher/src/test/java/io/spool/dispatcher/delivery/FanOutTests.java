package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.Entity;
import io.spool.dispatcher.apply.EntityKind;
import io.spool.dispatcher.apply.EntityRef;
import io.spool.dispatcher.subscription.DeliveryFormat;
import io.spool.dispatcher.subscription.Subscription;
import io.spool.dispatcher.support.Events;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutTests {

	private final FanOut fanOut = new FanOut(JsonCodec.standard());

	private static Subscription subscription(List<String> types, String source, DeliveryFormat format, boolean enabled) {
		return new Subscription(UUID.randomUUID(), "https://hooks.example.com/x", types, source, null, null, format,
				enabled, null, null, null, Instant.now(), Instant.now());
	}

	@Test
	void makesOneDeliveryPerMatchingEnabledSubscription() {
		CloudEvent event = Events.simplePrint("job.started", "p1", "j1", 1000);
		List<Subscription> subscriptions = List.of(subscription(List.of("job.*"), null, DeliveryFormat.CLOUDEVENTS, true),
				subscription(List.of("*"), "simpleprint", DeliveryFormat.CLOUDEVENTS, true),
				subscription(List.of("printer.*"), null, DeliveryFormat.CLOUDEVENTS, true),
				subscription(List.of("job.started"), "marketplace", DeliveryFormat.CLOUDEVENTS, true),
				subscription(List.of("*"), null, DeliveryFormat.CLOUDEVENTS, false));
		List<NewDelivery> deliveries = fanOut.plan(event, List.of(), subscriptions, Map.of(), Map.of());
		assertThat(deliveries).extracting(NewDelivery::subscriptionId)
			.containsExactly(subscriptions.get(0).id(), subscriptions.get(1).id());
		assertThat(deliveries.get(0).body()).contains("\"type\":\"job.started\"");
	}

	@Test
	void givesTheSameDeliveryTheSameIdWhenDecidedAgain() {
		CloudEvent event = Events.simplePrint("job.started", "p1", "j1", 1000);
		List<Subscription> subscriptions = List.of(subscription(List.of("*"), null, DeliveryFormat.CLOUDEVENTS, true));
		assertThat(fanOut.plan(event, List.of(), subscriptions, Map.of(), Map.of()).get(0).id())
			.isEqualTo(fanOut.plan(event, List.of(), subscriptions, Map.of(), Map.of()).get(0).id());
	}

	@Test
	void sendsTheJobsStatusToItsOwnWebhookInThePrintServiceFormat() {
		CloudEvent event = Events.printService("j9", "printing", 1000);
		EntityRef ref = new EntityRef(EntityKind.JOB, "j9");
		Entity job = new Entity(ref, Map.of("status", "printing", "name", "model.stl"), Map.of(), 3, Instant.now());
		List<NewDelivery> deliveries = fanOut.plan(event, List.of(ref), List.of(),
				Map.of("j9", new FanOut.JobWebhook("j9", "https://app.example.com/print-status")), Map.of(ref, job));
		assertThat(deliveries).hasSize(1);
		NewDelivery delivery = deliveries.get(0);
		assertThat(delivery.format()).isEqualTo(DeliveryFormat.PRINT_SERVICE);
		assertThat(delivery.routingKey()).isEqualTo("job/j9");
		assertThat(delivery.body()).contains("\"event\":\"job_status_update\"", "\"job_id\":\"j9\"",
				"\"status\":\"printing\"", "\"filename\":\"model.stl\"");
	}

	@Test
	void printServiceSubscriptionsOnlyGetEventsThatChangeAJob() {
		CloudEvent event = Events.simplePrint("printer.online", "p1", null, 1000);
		List<NewDelivery> deliveries = fanOut.plan(event, List.of(new EntityRef(EntityKind.PRINTER, "p1")),
				List.of(subscription(List.of("*"), null, DeliveryFormat.PRINT_SERVICE, true)), Map.of(), Map.of());
		assertThat(deliveries).isEmpty();
	}

}
