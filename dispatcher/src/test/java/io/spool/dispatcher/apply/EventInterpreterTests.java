package io.spool.dispatcher.apply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.support.Events;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventInterpreterTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final EventInterpreter interpreter = new EventInterpreter(JsonCodec.standard());

	/** Applies events the way the store does: each distinct event once, merged in the given order. */
	private Map<EntityRef, Entity> apply(List<CloudEvent> events) {
		Map<EntityRef, Entity> state = new HashMap<>();
		Set<String> seen = new HashSet<>();
		for (CloudEvent event : events) {
			EventPlan plan = interpreter.plan(Events.record(event));
			if (!seen.add(event.id()) || !plan.isApplicable()) {
				continue;
			}
			for (EntityChange change : plan.changes()) {
				state.merge(change.ref(), Entity.empty(change.ref()).merge(change, plan.order(), NOW),
						(current, ignored) -> current.merge(change, plan.order(), NOW));
			}
		}
		return state;
	}

	private static Entity printer(Map<EntityRef, Entity> state, String id) {
		return state.get(new EntityRef(EntityKind.PRINTER, id));
	}

	private static Entity job(Map<EntityRef, Entity> state, String id) {
		return state.get(new EntityRef(EntityKind.JOB, id));
	}

	@Test
	void jobStartedMakesThePrinterBusyWithThatJob() {
		Map<EntityRef, Entity> state = apply(List.of(Events.simplePrint("job.started", "printer_123", "j1", 1000)));
		assertThat(printer(state, "printer_123").fields()).containsEntry("state", "printing")
			.containsEntry("currentJobId", "j1")
			.containsEntry("online", true)
			.containsEntry("name", "Printer printer_123")
			.containsEntry("lastSeenAt", Instant.ofEpochSecond(1000));
		assertThat(job(state, "j1").fields()).containsEntry("status", "printing")
			.containsEntry("printerId", "printer_123")
			.containsEntry("name", "j1.gcode")
			.containsEntry("startedAt", Instant.ofEpochSecond(1000))
			.containsEntry("finishedAt", null);
	}

	@Test
	void theSeedSequenceEndsWithTheJobCompletedAndThePrinterIdle() {
		Map<EntityRef, Entity> state = apply(List.of(Events.simplePrint("job.started", "p", "j1", 1000),
				Events.progress("p", "j1", 1010, 50), Events.simplePrint("job.completed", "p", "j1", 1100)));
		assertThat(printer(state, "p").fields()).containsEntry("state", "idle").containsEntry("currentJobId", null);
		assertThat(job(state, "j1").fields()).containsEntry("status", "complete")
			.containsEntry("progress", 100)
			.containsEntry("startedAt", Instant.ofEpochSecond(1000))
			.containsEntry("finishedAt", Instant.ofEpochSecond(1100));
	}

	@ParameterizedTest
	@ValueSource(strings = { "job.failed", "job.cancelled" })
	void failureAndCancellationFreeThePrinter(String type) {
		Map<EntityRef, Entity> state = apply(
				List.of(Events.simplePrint("job.started", "p", "j1", 1000), Events.simplePrint(type, "p", "j1", 1100)));
		assertThat(printer(state, "p").fields()).containsEntry("state", "idle").containsEntry("currentJobId", null);
		assertThat(job(state, "j1").field("status")).isEqualTo(type.equals("job.failed") ? "failed" : "cancelled");
	}

	@Test
	void pauseAndResumeFollowThePrinterAndJob() {
		Map<EntityRef, Entity> paused = apply(
				List.of(Events.simplePrint("job.started", "p", "j1", 1000), Events.simplePrint("job.paused", "p", "j1", 1050)));
		assertThat(printer(paused, "p").field("state")).isEqualTo("paused");
		assertThat(job(paused, "j1").field("status")).isEqualTo("paused");
		Map<EntityRef, Entity> resumed = apply(List.of(Events.simplePrint("job.started", "p", "j1", 1000),
				Events.simplePrint("job.paused", "p", "j1", 1050), Events.simplePrint("job.resumed", "p", "j1", 1060)));
		assertThat(printer(resumed, "p").field("state")).isEqualTo("printing");
	}

	@Test
	void theLatestProgressIsKept() {
		Map<EntityRef, Entity> state = apply(List.of(Events.simplePrint("job.started", "p", "j1", 1000),
				Events.progress("p", "j1", 1030, 30), Events.progress("p", "j1", 1010, 10)));
		assertThat(job(state, "j1").field("progress")).isEqualTo(30);
	}

	@Test
	void printerOnlineAndOffline() {
		Map<EntityRef, Entity> state = apply(List.of(Events.simplePrint("printer.online", "p", null, 1000),
				Events.simplePrint("printer.offline", "p", null, 2000)));
		assertThat(printer(state, "p").fields()).containsEntry("state", "offline").containsEntry("online", false);
	}

	@Test
	void thePrintServiceStatusMachineEndsComplete() {
		List<CloudEvent> events = new ArrayList<>();
		String[] statuses = { "pending", "downloading", "slicing", "uploading", "printing", "complete" };
		for (int i = 0; i < statuses.length; i++) {
			events.add(Events.printService("550e8400", statuses[i], 1000 + i));
		}
		Map<EntityRef, Entity> state = apply(events);
		assertThat(job(state, "550e8400").fields()).containsEntry("status", "complete")
			.containsEntry("progress", 100)
			.containsEntry("name", "model.stl")
			.containsEntry("startedAt", Instant.ofEpochSecond(1004))
			.containsEntry("finishedAt", Instant.ofEpochSecond(1005));
	}

	@Test
	void anyStatusCanFail() {
		Map<EntityRef, Entity> state = apply(List.of(Events.printService("j", "slicing", 1000),
				Events.printService("j", "failed", 1001)));
		assertThat(job(state, "j").field("status")).isEqualTo("failed");
	}

	@Test
	void aJobThatStartsAndFinishesInTheSameSecondEndsFinishedWhateverTheOrder() {
		CloudEvent started = Events.simplePrint("job.started", "p", "j1", 1000);
		CloudEvent finished = Events.simplePrint("job.completed", "p", "j1", 1000);
		assertThat(job(apply(List.of(finished, started)), "j1").field("status")).isEqualTo("complete");
		assertThat(job(apply(List.of(started, finished)), "j1").field("status")).isEqualTo("complete");
	}

	@RepeatedTest(20)
	void shuffledEventsEndInTheSameState() {
		List<CloudEvent> events = new ArrayList<>();
		long t = 1000;
		for (int job = 0; job < 5; job++) {
			String id = "job-" + job;
			events.add(Events.simplePrint("job.started", "p1", id, t++));
			events.add(Events.progress("p1", id, t++, 40));
			events.add(Events.simplePrint("job.paused", "p1", id, t++));
			events.add(Events.simplePrint("job.resumed", "p1", id, t++));
			events.add(Events.simplePrint(job % 2 == 0 ? "job.completed" : "job.failed", "p1", id, t++));
			events.add(Events.printService("ps-" + job, "slicing", t++));
			events.add(Events.printService("ps-" + job, "printing", t++));
		}
		events.add(Events.simplePrint("printer.offline", "p1", null, t++));
		events.add(Events.product("product.created", "42", "A", t++));
		events.add(Events.product("product.updated", "42", "B", t++));
		Map<EntityRef, Entity> inOrder = apply(events);

		List<CloudEvent> shuffled = new ArrayList<>(events);
		shuffled.addAll(events.subList(0, 10)); // and some delivered twice
		Collections.shuffle(shuffled, new Random());
		Map<EntityRef, Entity> reordered = apply(shuffled);

		assertThat(reordered.keySet()).isEqualTo(inOrder.keySet());
		inOrder.forEach((ref, entity) -> {
			assertThat(reordered.get(ref).fields()).as(ref.key()).isEqualTo(entity.fields());
			assertThat(reordered.get(ref).version()).as(ref.key()).isEqualTo(entity.version());
		});
		assertThat(printer(inOrder, "p1").field("state")).isEqualTo("offline");
	}

	@Test
	void unknownTypesAreKeptWithoutChanges() {
		EventPlan plan = interpreter.plan(Events.record(Events.simplePrint("unknown", "p", null, 1)));
		assertThat(plan.isApplicable()).isTrue();
		assertThat(plan.changes()).isEmpty();
	}

	@Test
	void aJobEventWithoutJobIdCannotBeApplied() {
		EventPlan plan = interpreter.plan(Events.record(Events.simplePrint("job.started", "p", null, 1)));
		assertThat(plan.isApplicable()).isFalse();
		assertThat(plan.error()).contains("jobId");
	}

	@Test
	void anUnknownPrintServiceStatusCannotBeApplied() {
		EventPlan plan = interpreter.plan(Events.record(Events.printService("j", "teleporting", 1)));
		assertThat(plan.error()).contains("teleporting");
	}

	@Test
	void aRecordThatIsNotACloudEventCannotBeApplied() {
		EventPlan plan = interpreter
			.plan(new InboundRecord("spool.events.v1", 3, 7, "k", "not json".getBytes(StandardCharsets.UTF_8)));
		assertThat(plan.event()).isNull();
		assertThat(plan.error()).startsWith("not a CloudEvent");
		assertThat(EventInterpreter.undecodableId(plan.record()))
			.isEqualTo(EventInterpreter.undecodableId(plan.record()));
	}

	@Test
	void productsKeepTheirLatestFieldsAndDeletion() {
		Map<EntityRef, Entity> state = apply(List.of(Events.product("product.created", "1", "A", 1),
				Events.product("product.updated", "1", "B", 2), Events.product("product.deleted", "1", null, 3)));
		Entity product = state.get(new EntityRef(EntityKind.PRODUCT, "1"));
		assertThat(product.fields()).containsEntry("title", "B").containsEntry("deleted", true);
	}

}
