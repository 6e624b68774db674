package io.spool.dispatcher.apply.r2dbc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.spool.common.event.CloudEvent;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.apply.ApplyOutcome;
import io.spool.dispatcher.apply.BatchResult;
import io.spool.dispatcher.apply.Entity;
import io.spool.dispatcher.apply.EntityChange;
import io.spool.dispatcher.apply.EntityKind;
import io.spool.dispatcher.apply.EntityRef;
import io.spool.dispatcher.apply.EventInterpreter;
import io.spool.dispatcher.apply.EventPlan;
import io.spool.dispatcher.apply.StateStore;
import io.spool.dispatcher.delivery.DeliveryTask;
import io.spool.dispatcher.delivery.FanOut;
import io.spool.dispatcher.delivery.NewDelivery;
import io.spool.dispatcher.subscription.Subscription;
import io.spool.dispatcher.subscription.r2dbc.PostgresSubscriptionStore;
import io.spool.support.postgres.ArrayLiteral;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The state store on PostgreSQL over R2DBC. One batch is one transaction of a fixed number of statements,
 * whatever its size: the event log rows in one multi-row insert (duplicates fall out on the
 * {@code (source, source_event_id)} constraint), then per kind of entity touched: create missing rows, lock
 * them in id order, merge in memory (pure), write them back in one multi-row upsert; then the deliveries of the
 * new events, to the enabled subscriptions (held in memory, read again when their version changes) and the jobs'
 * own webhooks.
 */
public final class PostgresStateStore implements StateStore {

	private static final int MAX_ERROR_LENGTH = 2000;

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final JsonCodec codec;

	private final Clock clock;

	private final FanOut fanOut;

	/** The enabled subscriptions as of a version of them (V9): read again only when a batch sees another. */
	private volatile Versioned<List<Subscription>> subscriptions;

	/**
	 * What a statement answered together with the subscriptions' version it saw ({@code -1}: none found): a row, the
	 * event log insert's new ids, the enabled subscriptions.
	 */
	private record Versioned<T>(T value, long version) {

		static <T> Versioned<T> of(T value, Long version) {
			return new Versioned<>(value, version == null ? -1 : version);
		}

	}

	public PostgresStateStore(DatabaseClient db, TransactionalOperator tx, JsonCodec codec, Clock clock) {
		this.db = db;
		this.tx = tx;
		this.codec = codec;
		this.clock = clock;
		this.fanOut = new FanOut(codec);
	}

	@Override
	public Mono<BatchResult> apply(List<EventPlan> plans) {
		return inTransaction(Mono.defer(() -> applyInTransaction(plans)));
	}

	@Override
	public Mono<BatchResult> recordFailed(EventPlan plan, String error) {
		EventPlan failed = new EventPlan(plan.record(), plan.event(), plan.order(), List.of(), error);
		return inTransaction(Mono.defer(() -> insertLog(List.of(failed)).map(logged -> {
			ApplyOutcome outcome = logged.value().isEmpty() ? ApplyOutcome.DUPLICATE : ApplyOutcome.FAILED;
			return new BatchResult(List.of(new BatchResult.Outcome(failed, outcome)), List.of(), List.of());
		})));
	}

	/**
	 * Runs {@code work} in one transaction that, once begun, ends on its own: committed when every statement
	 * succeeded, rolled back otherwise. Cancelling the returned {@code Mono} (the dispatcher stopping, its
	 * consumer restarting) does not reach the transaction, because a cancelled reactive transaction can commit
	 * part of its work: Spring's R2DBC transaction manager, cleaning up a connection still in the transaction,
	 * restores auto-commit, and the driver commits what was done so far ({@code StateStoreCancellationIT}: an
	 * event logged with only some of its changes applied, never applied again since it is a duplicate from then
	 * on). A caller that cancelled never acknowledges the batch; whichever way the transaction ended, the batch
	 * read again is applied exactly once.
	 */
	private <T> Mono<T> inTransaction(Mono<T> work) {
		return Mono.fromFuture(() -> tx.transactional(work).toFuture(), true).onErrorMap(PostgresErrors::classify);
	}

	@Override
	public Mono<List<Entity>> load(Collection<EntityRef> refs) {
		Map<EntityKind, List<String>> byKind = idsByKind(new TreeSet<>(refs));
		return Flux.fromIterable(byKind.entrySet())
			.concatMap(e -> select(EntityTable.ALL.get(e.getKey()), ArrayLiteral.of(e.getValue())))
			.filter(entity -> entity.version() > 0)
			.collectList()
			.onErrorMap(PostgresErrors::classify);
	}

	private Mono<BatchResult> applyInTransaction(List<EventPlan> plans) {
		return insertLog(plans).flatMap(logged -> {
			Set<String> unseen = new HashSet<>(logged.value());
			List<BatchResult.Outcome> outcomes = new ArrayList<>();
			List<EventPlan> toApply = new ArrayList<>();
			Set<EntityRef> duplicateRefs = new LinkedHashSet<>();
			for (EventPlan plan : plans) {
				if (!unseen.remove(logId(plan).toString())) {
					outcomes.add(new BatchResult.Outcome(plan, ApplyOutcome.DUPLICATE));
					plan.changes().forEach(c -> duplicateRefs.add(c.ref()));
				}
				else if (!plan.isApplicable()) {
					outcomes.add(new BatchResult.Outcome(plan, ApplyOutcome.FAILED));
				}
				else if (plan.changes().isEmpty()) {
					outcomes.add(new BatchResult.Outcome(plan, ApplyOutcome.KEPT));
				}
				else {
					outcomes.add(new BatchResult.Outcome(plan, ApplyOutcome.APPLIED));
					toApply.add(plan);
				}
			}
			List<EventPlan> toDeliver = outcomes.stream()
				.filter(o -> o.outcome() == ApplyOutcome.APPLIED || o.outcome() == ApplyOutcome.KEPT)
				.map(BatchResult.Outcome::plan)
				.toList();
			// by identity: a plan's own hashCode would hash its whole event, data included, at every lookup
			Map<EventPlan, Map<EntityRef, Entity>> afterEach = new IdentityHashMap<>();
			// the webhooks of the jobs changed, read with their rows (seed 004)
			Map<String, FanOut.JobWebhook> webhooks = new HashMap<>();
			Mono<List<Entity>> state = toApply.isEmpty() ? Mono.just(List.of())
					: applyToState(toApply, afterEach, webhooks);
			return state.flatMap(changed -> fanOut(toDeliver, afterEach, logged.version(), webhooks)
				.map(tasks -> new BatchResult(outcomes, changed, List.copyOf(duplicateRefs), tasks)));
		});
	}

	/** Records one delivery per matching subscription and job webhook of each new event; returns the new ones. */
	private Mono<List<DeliveryTask>> fanOut(List<EventPlan> plans, Map<EventPlan, Map<EntityRef, Entity>> afterEach,
			long subscriptionVersion, Map<String, FanOut.JobWebhook> webhooks) {
		if (plans.isEmpty()) {
			return Mono.just(List.of());
		}
		return enabledSubscriptions(subscriptionVersion).flatMap(subscriptions -> {
			if (subscriptions.isEmpty() && webhooks.isEmpty()) {
				return Mono.just(List.<DeliveryTask>of());
			}
			List<Object[]> rows = new ArrayList<>();
			for (EventPlan plan : plans) {
				Map<EntityRef, Entity> state = afterEach.getOrDefault(plan, Map.of());
				List<EntityRef> touched = plan.changes().stream().map(EntityChange::ref).toList();
				for (NewDelivery delivery : fanOut.plan(plan.event(), touched, subscriptions, webhooks, state)) {
					rows.add(new Object[] { delivery, plan });
				}
			}
			return rows.isEmpty() ? Mono.just(List.<DeliveryTask>of()) : insertDeliveries(rows);
		});
	}

	/**
	 * The enabled subscriptions: the list held if it is of {@code version} (what this transaction's first
	 * statement saw), else read again with the version they are of, in one statement, and held for the next batch.
	 */
	private Mono<List<Subscription>> enabledSubscriptions(long version) {
		Versioned<List<Subscription>> held = subscriptions;
		if (held != null && version >= 0 && held.version() == version) {
			return Mono.just(held.value());
		}
		// one row at least, with the version, whether or not a subscription is enabled
		return db.sql("select (select version from subscription_version) as subscriptions_version, s."
				+ PostgresSubscriptionStore.COLUMNS.replace(", ", ", s.")
				+ " from (select) as one left join subscriptions s on s.enabled")
			.map(row -> Versioned.of(row.get("id") == null ? null : PostgresSubscriptionStore.read(row),
					row.get("subscriptions_version", Long.class)))
			.all()
			.collectList()
			.map(rows -> {
				Versioned<List<Subscription>> read = new Versioned<>(
						rows.stream().map(Versioned::value).filter(Objects::nonNull).toList(), rows.get(0).version());
				subscriptions = read;
				return read.value();
			});
	}

	/**
	 * Inserts the deliveries and, once per event and format, the body they send (an event fanned out to ten
	 * subscriptions stores its CloudEvent once, not ten times; the event itself is in event_log already).
	 */
	private Mono<List<DeliveryTask>> insertDeliveries(List<Object[]> rows) {
		int n = rows.size();
		String[][] columns = new String[15][n];
		Map<String, DeliveryTask> byId = new HashMap<>();
		// each (event, format) body once; the deliveries of one event share the same body string
		Set<String> bodiesSeen = new HashSet<>();
		for (int i = 0; i < n; i++) {
			NewDelivery d = (NewDelivery) rows.get(i)[0];
			EventPlan plan = (EventPlan) rows.get(i)[1];
			String eventId = logId(plan).toString();
			columns[0][i] = d.id().toString();
			columns[1][i] = d.subscriptionId() == null ? null : d.subscriptionId().toString();
			columns[2][i] = d.jobId();
			columns[3][i] = d.targetUrl();
			columns[4][i] = d.format().value();
			columns[5][i] = eventId;
			columns[6][i] = plan.event().type();
			columns[7][i] = plan.event().sourceName();
			columns[8][i] = plan.event().subject();
			columns[9][i] = bodiesSeen.add(eventId + "/" + d.format().value()) ? d.body() : null;
			columns[10][i] = plan.event().receivedat() == null ? null : plan.event().receivedat().toString();
			columns[11][i] = plan.record().topic();
			columns[12][i] = Integer.toString(plan.record().partition());
			columns[13][i] = Long.toString(plan.record().offset());
			columns[14][i] = plan.event().traceparent();
			byId.put(d.id().toString(), new DeliveryTask(d.routingKey(), d.id()));
		}
		// the bodies as one JSON array of strings, not a text[]: the driver escapes an array's text character by
		// character into a growing buffer, which was the dispatcher's largest single cost at apply (docs/benchmarks.md)
		String bodies = codec.writeString(Arrays.asList(columns[9]));
		DatabaseClient.GenericExecuteSpec spec = db.sql("""
				with t as (
				    select * from rows from (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
				        unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), unnest($7::text[]), unnest($8::text[]),
				        unnest($9::text[]), json_array_elements_text($10::json), unnest($11::text[]), unnest($12::text[]),
				        unnest($13::text[]), unnest($14::text[]), unnest($15::text[]))
				        as t(id, subscription_id, job_id, target_url, format, event_id, event_type, event_source, subject,
				             body, event_received_at, kafka_topic, kafka_partition, kafka_offset, traceparent)),
				b as (
				    insert into delivery_bodies (event_id, format, body)
				    select t.event_id::uuid, t.format, t.body from t where t.body is not null
				    on conflict do nothing)
				insert into deliveries (id, subscription_id, job_id, target_url, format, event_id, event_type,
				    event_source, subject, event_received_at, kafka_topic, kafka_partition, kafka_offset, traceparent,
				    status)
				select t.id::uuid, t.subscription_id::uuid, t.job_id, t.target_url, t.format, t.event_id::uuid,
				    t.event_type, t.event_source, t.subject, t.event_received_at::timestamptz,
				    t.kafka_topic, t.kafka_partition::integer, t.kafka_offset::bigint, t.traceparent, 'pending'
				from t
				on conflict do nothing
				returning id::text""");
		for (int c = 0; c < 15; c++) {
			spec = spec.bind(c, c == 9 ? bodies : ArrayLiteral.of(columns[c]));
		}
		return spec.map(row -> byId.get(row.get(0, String.class))).all().collectList();
	}

	private Mono<List<Entity>> applyToState(List<EventPlan> plans, Map<EventPlan, Map<EntityRef, Entity>> afterEach,
			Map<String, FanOut.JobWebhook> webhooks) {
		TreeSet<EntityRef> refs = new TreeSet<>();
		plans.forEach(p -> p.changes().forEach(c -> refs.add(c.ref())));
		Map<EntityKind, List<String>> byKind = idsByKind(refs);
		return Flux.fromIterable(byKind.entrySet())
			.concatMap(e -> {
				EntityTable table = EntityTable.ALL.get(e.getKey());
				String ids = ArrayLiteral.of(e.getValue());
				return db.sql(table.ensureRowsSql()).bind(0, ids).then().thenMany(lock(table, ids, webhooks));
			})
			.collectMap(Entity::ref)
			.flatMap(loaded -> {
				Map<EntityRef, Entity> state = new LinkedHashMap<>(loaded);
				Instant now = clock.instant();
				for (EventPlan plan : plans) {
					Map<EntityRef, Entity> after = new HashMap<>();
					for (EntityChange change : plan.changes()) {
						Entity current = state.getOrDefault(change.ref(), Entity.empty(change.ref()));
						Entity merged = current.merge(change, plan.order(), now);
						state.put(change.ref(), merged);
						after.put(change.ref(), merged);
					}
					afterEach.put(plan, after);
				}
				List<Entity> changed = List.copyOf(state.values());
				return upsert(changed).thenReturn(changed);
			});
	}

	/**
	 * Locks and reads the rows of {@code ids}, an {@link ArrayLiteral} of text ids (built once, shared with
	 * ensureRows). A job's webhook, which the fan-out needs, comes with its row into {@code webhooks} (a statement
	 * less per batch than reading it on its own).
	 */
	private Flux<Entity> lock(EntityTable table, String ids, Map<String, FanOut.JobWebhook> webhooks) {
		boolean job = table.kind() == EntityKind.JOB;
		return db.sql(job ? table.selectForUpdateSql("webhook_url") : table.selectForUpdateSql())
			.bind(0, ids)
			.map(row -> {
				Entity entity = EntityRows.read(table, row, codec);
				String url = job ? row.get("webhook_url", String.class) : null;
				if (url != null) {
					webhooks.put(entity.ref().id(), new FanOut.JobWebhook(entity.ref().id(), url));
				}
				return entity;
			})
			.all();
	}

	/** The rows of {@code ids}, an {@link ArrayLiteral} of text ids, as they are. */
	private Flux<Entity> select(EntityTable table, String ids) {
		return db.sql(table.selectSql()).bind(0, ids).map(row -> EntityRows.read(table, row, codec)).all();
	}

	private Mono<Void> upsert(List<Entity> entities) {
		Map<EntityKind, List<Entity>> byKind = new EnumMap<>(EntityKind.class);
		entities.forEach(e -> byKind.computeIfAbsent(e.ref().kind(), k -> new ArrayList<>()).add(e));
		return Flux.fromIterable(byKind.entrySet()).concatMap(e -> {
			EntityTable table = EntityTable.ALL.get(e.getKey());
			List<Entity> rows = e.getValue();
			int n = rows.size();
			DatabaseClient.GenericExecuteSpec spec = db.sql(table.upsertSql())
				.bind(0, ArrayLiteral.of(rows.stream().map(r -> r.ref().id()).toList()));
			List<EntityTable.Column> columns = table.columns();
			for (int c = 0; c < columns.size(); c++) {
				String field = columns.get(c).field();
				String[] values = new String[n];
				for (int i = 0; i < n; i++) {
					values[i] = toText(rows.get(i).field(field));
				}
				spec = spec.bind(c + 1, ArrayLiteral.of(values));
			}
			String[] clocks = new String[n];
			String[] versions = new String[n];
			String[] updated = new String[n];
			for (int i = 0; i < n; i++) {
				clocks[i] = codec.writeString(rows.get(i).clocks());
				versions[i] = Long.toString(rows.get(i).version());
				updated[i] = rows.get(i).updatedAt().toString();
			}
			return spec.bind(columns.size() + 1, ArrayLiteral.of(clocks))
				.bind(columns.size() + 2, ArrayLiteral.of(versions))
				.bind(columns.size() + 3, ArrayLiteral.of(updated))
				.then();
		}).then();
	}

	private String toText(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof JsonNode json) {
			return json.isNull() ? null : codec.writeString(json);
		}
		return value.toString();
	}

	/**
	 * Inserts the log rows of {@code plans}; returns the ids that were new and the subscriptions' version (-1 when
	 * nothing was new: then nothing is fanned out either).
	 */
	private Mono<Versioned<List<String>>> insertLog(List<EventPlan> plans) {
		int n = plans.size();
		String[][] columns = new String[16][n];
		Instant now = clock.instant();
		for (int i = 0; i < n; i++) {
			EventPlan plan = plans.get(i);
			var event = plan.event();
			var record = plan.record();
			columns[0][i] = logId(plan).toString();
			columns[1][i] = event != null ? event.sourceName() : EventInterpreter.UNDECODABLE_SOURCE;
			columns[2][i] = event != null ? nonBlank(event.sourceeventid(), event.id())
					: record.topic() + "-" + record.partition() + "-" + record.offset();
			columns[3][i] = event != null ? event.type() : "unknown";
			columns[4][i] = event != null ? event.sourcetype() : null;
			columns[5][i] = event != null ? event.subject() : record.key();
			columns[6][i] = event != null && event.data() != null ? text(event.data().path("printerId")) : null;
			columns[7][i] = event != null && event.data() != null ? text(event.data().path("jobId")) : null;
			columns[8][i] = event != null && event.time() != null ? event.time().toString() : null;
			columns[9][i] = event != null && event.receivedat() != null ? event.receivedat().toString() : null;
			columns[10][i] = Boolean.toString(plan.isApplicable());
			columns[11][i] = plan.error() == null ? null : truncate(plan.error());
			columns[12][i] = event != null ? eventJson(record.value(), event) : undecodablePayload(record.value());
			columns[13][i] = record.topic();
			columns[14][i] = Integer.toString(record.partition());
			columns[15][i] = Long.toString(record.offset());
		}
		DatabaseClient.GenericExecuteSpec spec = db.sql("""
				insert into event_log (id, source, source_event_id, type, source_type, subject, printer_id, job_id,
				    event_time, received_at, processed, processing_error, payload, kafka_topic, kafka_partition,
				    kafka_offset, processed_at)
				select t.id::uuid, t.source, t.source_event_id, t.type, t.source_type, t.subject, t.printer_id,
				    t.job_id, t.event_time::timestamptz, t.received_at::timestamptz, t.processed::boolean,
				    t.processing_error, t.payload, t.kafka_topic, t.kafka_partition::integer,
				    t.kafka_offset::bigint, $17::timestamptz
				from rows from (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
				    unnest($5::text[]), unnest($6::text[]), unnest($7::text[]), unnest($8::text[]), unnest($9::text[]),
				    unnest($10::text[]), unnest($11::text[]), unnest($12::text[]), jsonb_array_elements($13::jsonb),
				    unnest($14::text[]), unnest($15::text[]), unnest($16::text[]))
				    as t(id, source, source_event_id, type, source_type, subject, printer_id, job_id, event_time,
				         received_at, processed, processing_error, payload, kafka_topic, kafka_partition,
				         kafka_offset)
				on conflict do nothing
				returning id::text, (select version from subscription_version)""");
		// the payloads as one JSON array (each is JSON already), not a text[]: see insertDeliveries
		String payloads = "[" + String.join(",", columns[12]) + "]";
		for (int c = 0; c < 16; c++) {
			spec = spec.bind(c, c == 12 ? payloads : ArrayLiteral.of(columns[c]));
		}
		return spec.bind(16, now.toString())
			.map(row -> Versioned.of(row.get(0, String.class), row.get(1, Long.class)))
			.all()
			.collectList()
			.map(rows -> new Versioned<>(rows.stream().map(Versioned::value).toList(),
					rows.isEmpty() ? -1 : rows.get(0).version()));
	}

	static UUID logId(EventPlan plan) {
		if (plan.event() == null) {
			return EventInterpreter.undecodableId(plan.record());
		}
		try {
			return UUID.fromString(plan.event().id());
		}
		catch (IllegalArgumentException notAUuid) {
			return UUID.nameUUIDFromBytes(plan.event().id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	/**
	 * The CloudEvent as it was on the topic: the record's own JSON object, which the event was just read from
	 * (strictly: no duplicate keys, nothing after it), so extension attributes this dispatcher does not know stay
	 * in the log. Serializing the event again instead was 12 % of the dispatcher's CPU at apply
	 * (docs/benchmarks.md); it is done only when the record starts with something else, such as a byte-order mark.
	 */
	private String eventJson(byte[] value, CloudEvent event) {
		return value.length > 0 && value[0] == '{' ? new String(value, StandardCharsets.UTF_8)
				: codec.writeString(event);
	}

	private String undecodablePayload(byte[] value) {
		String raw = value == null ? "" : new String(value, StandardCharsets.UTF_8);
		if (raw.length() > 4096) {
			raw = raw.substring(0, 4096);
		}
		return codec.writeString(Map.of("undecodable", raw.replace("\u0000", "")));
	}

	private static Map<EntityKind, List<String>> idsByKind(Collection<EntityRef> sortedRefs) {
		Map<EntityKind, List<String>> byKind = new EnumMap<>(EntityKind.class);
		sortedRefs.forEach(ref -> byKind.computeIfAbsent(ref.kind(), k -> new ArrayList<>()).add(ref.id()));
		return byKind;
	}

	private static String text(JsonNode node) {
		return node != null && (node.isString() || node.isNumber()) ? node.asString() : null;
	}

	private static String nonBlank(String value, String fallback) {
		return value == null || value.isBlank() ? fallback : value;
	}

	private static String truncate(String error) {
		return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
	}

}
