package io.spool.dispatcher.apply;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityTests {

	private static final EntityRef PRINTER = new EntityRef(EntityKind.PRINTER, "p1");

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static OrderKey at(long second, String id) {
		return OrderKey.of(Instant.ofEpochSecond(second), 4, id);
	}

	@Test
	void aNewerEventOverwritesAField() {
		Entity state = Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "printing").build(), at(10, "a"), NOW)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "idle").build(), at(20, "b"), NOW);
		assertThat(state.field("state")).isEqualTo("idle");
		assertThat(state.version()).isEqualTo(2);
	}

	@Test
	void anOlderEventNeverOverwritesANewerField() {
		Entity state = Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "idle").build(), at(20, "b"), NOW)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "printing").build(), at(10, "a"), NOW);
		assertThat(state.field("state")).isEqualTo("idle");
	}

	@Test
	void fieldsAreOrderedOneByOneSoAnOlderEventStillFillsWhatNoNewerOneSet() {
		Entity state = Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "idle").build(), at(20, "b"), NOW)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("state", "printing").put("name", "Prusa").build(),
					at(10, "a"), NOW);
		assertThat(state.field("state")).isEqualTo("idle");
		assertThat(state.field("name")).isEqualTo("Prusa");
	}

	@Test
	void keepsExplicitNulls() {
		Entity state = Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("currentJobId", "j1").build(), at(10, "a"), NOW)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").put("currentJobId", null).build(), at(20, "b"), NOW);
		assertThat(state.fields()).containsEntry("currentJobId", null);
	}

	@Test
	void latestAndEarliestTimesMoveOneWayOnly() {
		Instant t1 = Instant.ofEpochSecond(100);
		Instant t2 = Instant.ofEpochSecond(200);
		Entity state = Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").latest("lastSeenAt", t2).earliest("startedAt", t2)
				.build(), at(2, "b"), NOW)
			.merge(EntityChange.of(EntityKind.PRINTER, "p1").latest("lastSeenAt", t1).earliest("startedAt", t1)
				.build(), at(1, "a"), NOW);
		assertThat(state.field("lastSeenAt")).isEqualTo(t2);
		assertThat(state.field("startedAt")).isEqualTo(t1);
	}

	@Test
	void refusesAChangeForAnotherEntity() {
		assertThatThrownBy(() -> Entity.empty(PRINTER)
			.merge(EntityChange.of(EntityKind.JOB, "p1").put("x", 1).build(), at(1, "a"), NOW))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void orderKeysCompareByTimeThenRankThenId() {
		Instant t = Instant.ofEpochSecond(1730132000);
		assertThat(OrderKey.of(t, 4, "z")).isLessThan(OrderKey.of(t.plusNanos(1), 0, "a"));
		assertThat(OrderKey.of(t, 4, "z")).isLessThan(OrderKey.of(t, 7, "a"));
		assertThat(OrderKey.of(t, 4, "a")).isLessThan(OrderKey.of(t, 4, "b"));
		assertThat(OrderKey.of(Instant.ofEpochSecond(9), 0, "a")).isLessThan(OrderKey.of(Instant.ofEpochSecond(10), 0, "a"));
	}

}
