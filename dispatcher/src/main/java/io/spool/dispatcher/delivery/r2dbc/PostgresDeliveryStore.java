package io.spool.dispatcher.delivery.r2dbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.AttemptResult;
import io.spool.dispatcher.delivery.DeliveryStore;
import io.spool.dispatcher.delivery.DeliveryTask;
import io.spool.dispatcher.delivery.DeliveryWork;
import io.spool.dispatcher.delivery.PendingDelivery;
import io.spool.dispatcher.delivery.ReplayRequest;
import io.spool.dispatcher.subscription.DeliveryFormat;
import io.spool.support.postgres.ArrayLiteral;
import io.spool.support.reactive.MicroBatcher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Deliveries and their attempts in PostgreSQL. Every state change is one statement. What every delivery goes
 * through (read when its task comes; sent, with its successful attempt; any failed attempt) is gathered from
 * concurrent deliveries into one statement per batch ({@link MicroBatcher}): one commit for many deliveries
 * instead of one or more for each, which is what bounded the delivery rate (docs/benchmarks.md). A delivery that
 * succeeds at its first attempt is written twice in all: inserted {@code pending}, updated {@code sent} (with that
 * attempt on its own row, not as a row of {@code delivery_attempts}).
 */
public final class PostgresDeliveryStore implements DeliveryStore, AutoCloseable {

	/** Most deliveries in one batched statement. */
	static final int BATCH_SIZE = 256;

	/**
	 * Batches of one kind in flight at once; the connection pool bounds them too. Two, not four: with four slots
	 * a dispatcher that spent less CPU per delivery sent smaller batches (13–17 rows), and PostgreSQL's cost per
	 * statement took back more than the dispatcher saved (docs/benchmarks.md, fifth round).
	 */
	static final int BATCH_CONCURRENCY = 2;

	/**
	 * The longest a batched statement may take: past that its deliveries are left to the poller, so a database
	 * that stops answering in the middle of a statement cannot stall every later delivery.
	 */
	static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);

	private static final String KEY = "coalesce(d.subscription_id::text, 'job/' || d.job_id)";

	private static final String VIEW_COLUMNS = "d.id, d.subscription_id, d.job_id, d.target_url, d.format, d.event_id, "
			+ "d.event_type, d.event_source, d.subject, d.status, d.attempts, d.retry_count, d.next_retry_at, d.sent_at, "
			+ "d.response_code, d.response_body, d.processing_time_ms, d.error_type, d.error_message, "
			+ "d.event_received_at, d.kafka_topic, d.kafka_partition, d.kafka_offset, d.created_at, d.updated_at";

	private final DatabaseClient db;

	private final JsonCodec codec;

	private final MicroBatcher<UUID, DeliveryWork> claims;

	private final MicroBatcher<Attempt, Boolean> attempts;

	private final MicroBatcher<Sent, Boolean> sent;

	public PostgresDeliveryStore(DatabaseClient db, JsonCodec codec) {
		this.db = db;
		this.codec = codec;
		this.claims = new MicroBatcher<>(BATCH_SIZE, BATCH_CONCURRENCY, BATCH_TIMEOUT, this::claimAll);
		this.attempts = new MicroBatcher<>(BATCH_SIZE, BATCH_CONCURRENCY, BATCH_TIMEOUT, this::recordAll);
		this.sent = new MicroBatcher<>(BATCH_SIZE, BATCH_CONCURRENCY, BATCH_TIMEOUT, this::markAllSent);
	}

	@Override
	public void close() {
		claims.close();
		attempts.close();
		sent.close();
	}

	@Override
	public Mono<DeliveryWork> claim(UUID id) {
		return claims.submit(id);
	}

	/**
	 * The claim's statement: the batch's deliveries read by their key, with whether each is {@code due}. Whether a
	 * delivery is due is an output, not a condition: as a condition it matches the partial indexes of pending and
	 * failed deliveries (V4), and a planner whose statistics were taken while nothing was pending (a queue table's
	 * usual state) read the whole pending backlog through them and filtered it by id. Under a backlog of 40,000
	 * that took 22 ms per claim on average and up to 7 s, which timed whole batches out (docs/benchmarks.md,
	 * "Eighth round").
	 */
	static final String CLAIM = """
			select d.id, d.subscription_id, d.job_id, d.format, b.body, d.event_type, d.event_received_at,
			    d.retry_count, d.traceparent, d.event_id,
			    case when d.subscription_id is not null then s.url else coalesce(j.webhook_url, d.target_url) end as url,
			    case when d.subscription_id is not null then s.secret else j.webhook_secret end as secret,
			    case when d.subscription_id is not null then coalesce(s.enabled, false)
			         else d.job_id is not null end as enabled,
			    s.concurrency, s.rate_limit,
			    d.status = 'pending' or (d.status = 'failed' and (d.next_retry_at is null or d.next_retry_at <= now()))
			        as due
			from deliveries d join delivery_bodies b on b.event_id = d.event_id and b.format = d.format
			    left join subscriptions s on s.id = d.subscription_id left join print_jobs j on j.id = d.job_id
			where d.id = any($1::uuid[])""";

	/**
	 * Reads every delivery of the batch that is due, in one statement, and writes nothing: a delivery stays
	 * {@code pending} until its first attempt fails ({@code processing}) or it ends. Its task reached this
	 * consumer alone (one consumer per partition, one task per delivery in the same process, see
	 * {@link io.spool.dispatcher.delivery.Deliverer}); the claim used to update the row to keep a second copy away,
	 * which cost a row version and its index entries per delivery for a race that at-least-once delivery allows.
	 */
	private Mono<Map<UUID, DeliveryWork>> claimAll(List<UUID> ids) {
		return db.sql(CLAIM)
			.bind(0, ArrayLiteral.of(ids))
			.map(row -> Boolean.TRUE.equals(row.get("due", Boolean.class)) ? Optional.of(new DeliveryWork(
					row.get("id", UUID.class), row.get("subscription_id", UUID.class), row.get("job_id", String.class),
					row.get("url", String.class), row.get("secret", String.class),
					DeliveryFormat.parse(row.get("format", String.class)).orElse(DeliveryFormat.CLOUDEVENTS),
					row.get("body", String.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
					row.get("concurrency", Integer.class), row.get("rate_limit", Double.class),
					row.get("retry_count", Integer.class), row.get("event_type", String.class),
					row.get("event_received_at", Instant.class), row.get("traceparent", String.class),
					row.get("event_id", UUID.class))) : Optional.<DeliveryWork>empty())
			.all()
			.filter(Optional::isPresent)
			.map(Optional::get)
			.collectMap(DeliveryWork::id);
	}

	@Override
	public Mono<Void> recordAttempt(UUID id, AttemptResult result, Instant at) {
		return attempts.submit(new Attempt(id, result, at)).then();
	}

	private record Attempt(UUID id, AttemptResult result, Instant at) {
	}

	/**
	 * The failed attempts of the batch logged and their deliveries' last response updated, in one statement; a
	 * delivery with an attempt behind it and no outcome yet is {@code processing} (the poller hands it back if its
	 * process dies before the outcome).
	 */
	private Mono<Map<Attempt, Boolean>> recordAll(List<Attempt> unordered) {
		List<Attempt> batch = unordered.stream().sorted(Comparator.comparing(Attempt::id)).toList();
		int n = batch.size();
		String[][] columns = new String[7][n];
		for (int i = 0; i < n; i++) {
			Attempt a = batch.get(i);
			columns[0][i] = a.id().toString();
			columns[1][i] = a.at().toString();
			columns[2][i] = Long.toString(a.result().duration().toMillis());
			columns[3][i] = a.result().responseCode() == null ? null : a.result().responseCode().toString();
			columns[4][i] = a.result().responseBody();
			columns[5][i] = a.result().errorType();
			columns[6][i] = a.result().errorMessage();
		}
		DatabaseClient.GenericExecuteSpec spec = db.sql("""
				with v as (
				    select t.id::uuid as id, t.at::timestamptz as at, t.ms::bigint as ms, t.code::integer as code,
				        t.body, t.error_type, t.error_message, t.ord
				    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
				        with ordinality as t(id, at, ms, code, body, error_type, error_message, ord)),
				a as (
				    insert into delivery_attempts (delivery_id, attempted_at, duration_ms, response_code, response_body,
				        error_type, error_message)
				    select id, at, ms, code, body, error_type, error_message from v order by ord)
				update deliveries d set attempts = d.attempts + 1, response_code = v.code, response_body = v.body,
				    error_type = v.error_type, error_message = v.error_message, updated_at = now(),
				    status = case when d.status in ('sent', 'dead') then d.status else 'processing' end
				from v where d.id = v.id""");
		for (int c = 0; c < 7; c++) {
			spec = spec.bind(c, ArrayLiteral.of(columns[c]));
		}
		return spec.then().thenReturn(Map.of());
	}

	@Override
	public Mono<Void> markSent(UUID id, AttemptResult attempt, Instant at, long processingMillis) {
		return sent.submit(new Sent(id, attempt, at, processingMillis)).then();
	}

	private record Sent(UUID id, AttemptResult attempt, Instant at, long processingMillis) {
	}

	/**
	 * The deliveries of the batch marked sent, in one statement. The successful attempt is not a row of
	 * {@code delivery_attempts}: the delivery's own row holds it ({@code sent_at}, {@code response_code},
	 * {@code response_body}, {@code sent_duration_ms}; V8), and the attempt log shows it from there.
	 */
	private Mono<Map<Sent, Boolean>> markAllSent(List<Sent> unordered) {
		List<Sent> batch = unordered.stream().sorted(Comparator.comparing(Sent::id)).toList();
		int n = batch.size();
		String[][] columns = new String[6][n];
		for (int i = 0; i < n; i++) {
			Sent s = batch.get(i);
			columns[0][i] = s.id().toString();
			columns[1][i] = s.at().toString();
			columns[2][i] = Long.toString(s.processingMillis());
			columns[3][i] = Long.toString(s.attempt().duration().toMillis());
			columns[4][i] = s.attempt().responseCode() == null ? null : s.attempt().responseCode().toString();
			columns[5][i] = s.attempt().responseBody();
		}
		DatabaseClient.GenericExecuteSpec spec = db.sql("""
				update deliveries d set status = 'sent', sent_at = v.at::timestamptz, processing_time_ms = v.ms::bigint,
				    sent_duration_ms = v.took::bigint, attempts = d.attempts + 1, response_code = v.code::integer,
				    response_body = v.body, next_retry_at = null, error_type = null, error_message = null,
				    updated_at = now()
				from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
				    as v(id, at, ms, took, code, body)
				where d.id = v.id::uuid""");
		for (int c = 0; c < 6; c++) {
			spec = spec.bind(c, ArrayLiteral.of(columns[c]));
		}
		return spec.then().thenReturn(Map.of());
	}

	@Override
	public Mono<Void> markFailed(UUID id, Instant nextRetryAt) {
		return db.sql("""
				update deliveries set status = 'failed', next_retry_at = $2, retry_count = retry_count + 1,
				    updated_at = now()
				where id = $1""").bind(0, id).bind(1, nextRetryAt).then();
	}

	@Override
	public Mono<Void> release(UUID id) {
		return db.sql("""
				update deliveries set status = 'failed', next_retry_at = now() + interval '1 second', updated_at = now()
				where id = $1 and status in ('pending', 'processing', 'failed')""").bind(0, id).then();
	}

	@Override
	public Mono<ObjectNode> markDead(UUID id) {
		return db.sql("update deliveries set status = 'dead', next_retry_at = null, updated_at = now() where id = $1")
			.bind(0, id)
			.then()
			.then(Mono.defer(() -> deadLetter(id)));
	}

	private Mono<ObjectNode> deadLetter(UUID id) {
		return db.sql("select " + VIEW_COLUMNS + ", e.payload::text as event from deliveries d "
				+ "left join event_log e on e.id = d.event_id where d.id = $1")
			.bind(0, id)
			.map(row -> {
				ObjectNode view = view(row);
				String event = row.get("event", String.class);
				view.set("event", event == null ? null : codec.readTree(event.getBytes(StandardCharsets.UTF_8)));
				return view;
			})
			.one()
			.flatMap(view -> attempts(List.of(id)).map(attempts -> {
				ObjectNode record = codec.object();
				ObjectNode task = record.putObject("task");
				for (String field : List.of("id", "subscriptionId", "jobId", "targetUrl", "format", "eventId", "eventType",
						"eventSource", "subject", "event")) {
					task.set(field, view.path(field));
				}
				record.set("attempts", attempts.getOrDefault(id, codec.object().arrayNode()));
				record.put("attemptCount", view.path("attempts").asInt());
				ObjectNode lastError = record.putObject("lastError");
				lastError.set("type", view.path("errorType"));
				lastError.set("message", view.path("errorMessage"));
				lastError.set("responseCode", view.path("responseCode"));
				record.set("provenance", view.path("provenance"));
				record.put("deadAt", Instant.now().toString());
				return record;
			}));
	}

	@Override
	public Flux<DeliveryTask> due(Instant now, Duration stuckAfter, Duration pendingAfter, int limit) {
		// Each kind reads its own partial index in order (V4), so a poll costs the rows it returns, not the backlog.
		// Lost tasks are rare (a crash, a failed queueing), but in a backlog deeper than pending-timeout every
		// pending row looks lost while its task is still on its way: a fifth of the limit bounds that churn. A lost
		// one's task says so, and its lane reads the rest of its target's pending deliveries back itself.
		return db.sql("""
				with retry as (
				    select id from deliveries
				    where status = 'failed' and next_retry_at <= $1
				    order by next_retry_at
				    limit $4
				    for update skip locked),
				stuck as (
				    select id from deliveries
				    where status = 'processing' and updated_at < $2
				    order by updated_at
				    limit $4
				    for update skip locked),
				lost as (
				    select id from deliveries
				    where status = 'pending' and updated_at < $3
				    order by updated_at
				    limit greatest(1, $4 / 5)
				    for update skip locked),
				due as (select id, false as lost from retry union all select id, false from stuck
				    union all select id, true from lost)
				update deliveries d set status = 'pending', updated_at = now()
				from due where d.id = due.id
				returning d.id, coalesce(d.subscription_id::text, 'job/' || d.job_id) as key, due.lost""")
			.bind(0, now)
			.bind(1, now.minus(stuckAfter))
			.bind(2, now.minus(pendingAfter))
			.bind(3, limit)
			.map(row -> new DeliveryTask(row.get("key", String.class), row.get("id", UUID.class),
					Boolean.TRUE.equals(row.get("lost", Boolean.class))))
			.all();
	}

	@Override
	public Flux<PendingDelivery> pending(String target, PendingDelivery after, int limit) {
		// each kind of target reads its own partial index in order (V7): a page costs the rows it returns
		String match;
		Object key;
		if (target.startsWith("job/")) {
			match = "subscription_id is null and job_id = $1";
			key = target.substring("job/".length());
		}
		else {
			match = "subscription_id = $1";
			try {
				key = UUID.fromString(target);
			}
			catch (IllegalArgumentException ex) {
				return Flux.empty();
			}
		}
		return db.sql("select id, updated_at from deliveries where status = 'pending' and " + match
				+ " and (updated_at, id) > ($2, $3) order by updated_at, id limit $4")
			.bind(0, key)
			.bind(1, after.since())
			.bind(2, after.id())
			.bind(3, limit)
			.map(row -> new PendingDelivery(row.get("id", UUID.class), row.get("updated_at", Instant.class)))
			.all();
	}

	@Override
	public Mono<DeliveryTask> requeue(UUID id) {
		return db.sql("update deliveries d set status = 'pending', next_retry_at = null, retry_count = 0, "
				+ "updated_at = now() where d.id = $1 and d.status in ('failed', 'dead') returning d.id, " + KEY + " as key")
			.bind(0, id)
			.map(row -> new DeliveryTask(row.get("key", String.class), row.get("id", UUID.class)))
			.one();
	}

	@Override
	public Flux<UUID> dead(ReplayRequest filter, int limit) {
		StringBuilder sql = new StringBuilder("select id from deliveries where status = 'dead'");
		List<Object> binds = new ArrayList<>();
		if (filter.subscriptionId() != null) {
			binds.add(filter.subscriptionId());
			sql.append(" and subscription_id = $").append(binds.size());
		}
		if (filter.eventType() != null) {
			binds.add(filter.eventType());
			sql.append(" and event_type = $").append(binds.size());
		}
		if (filter.since() != null) {
			binds.add(filter.since());
			sql.append(" and event_received_at >= $").append(binds.size());
		}
		if (filter.until() != null) {
			binds.add(filter.until());
			sql.append(" and event_received_at < $").append(binds.size());
		}
		binds.add(limit);
		sql.append(" order by updated_at, id limit $").append(binds.size());
		DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
		for (int i = 0; i < binds.size(); i++) {
			spec = spec.bind(i, binds.get(i));
		}
		return spec.map(row -> row.get("id", UUID.class)).all();
	}

	@Override
	public Mono<Void> recordReplay(String requestedBy, ReplayRequest request, int matched, int replayed) {
		return db.sql("insert into replays (requested_by, filters, dry_run, matched, replayed) values ($1, $2::jsonb, $3, $4, $5)")
			.bind(0, requestedBy)
			.bind(1, codec.writeString(request))
			.bind(2, request.isDryRun())
			.bind(3, matched)
			.bind(4, replayed)
			.then();
	}

	@Override
	public Mono<ObjectNode> view(UUID id) {
		return db.sql("select " + VIEW_COLUMNS + " from deliveries d where d.id = $1")
			.bind(0, id)
			.map(this::view)
			.one()
			.flatMap(view -> attempts(List.of(id)).map(attempts -> {
				view.set("attemptLog", attempts.getOrDefault(id, codec.object().arrayNode()));
				return view;
			}));
	}

	@Override
	public Mono<List<ObjectNode>> list(String status, UUID subscriptionId, int limit, Long beforeMicros) {
		StringBuilder sql = new StringBuilder("select " + VIEW_COLUMNS + " from deliveries d where true");
		List<Object> binds = new ArrayList<>();
		if (status != null) {
			binds.add(status);
			sql.append(" and d.status = $").append(binds.size());
		}
		if (subscriptionId != null) {
			binds.add(subscriptionId);
			sql.append(" and d.subscription_id = $").append(binds.size());
		}
		if (beforeMicros != null) {
			binds.add(beforeMicros);
			sql.append(" and (extract(epoch from d.created_at) * 1000000)::bigint < $").append(binds.size());
		}
		sql.append(" order by d.created_at desc, d.id limit ").append(limit);
		DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
		for (int i = 0; i < binds.size(); i++) {
			spec = spec.bind(i, binds.get(i));
		}
		return spec.map(this::view).all().collectList().flatMap(views -> {
			List<UUID> ids = views.stream().map(v -> UUID.fromString(v.path("id").asString())).toList();
			return attempts(ids).map(attempts -> {
				views.forEach(v -> v.set("attemptLog",
						attempts.getOrDefault(UUID.fromString(v.path("id").asString()), codec.object().arrayNode())));
				return views;
			});
		});
	}

	private Mono<Map<UUID, ArrayNode>> attempts(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		// the failed attempts in order, then the successful one, kept on the delivery's own row (V8)
		return db.sql("""
				select delivery_id, attempted_at, duration_ms, response_code, response_body, error_type, error_message,
				    id as ord
				from delivery_attempts where delivery_id = any($1::uuid[])
				union all
				select id, sent_at, sent_duration_ms, response_code, response_body, null, null, 9223372036854775807
				from deliveries where id = any($1::uuid[]) and sent_at is not null and sent_duration_ms is not null
				order by ord""")
			.bind(0, ArrayLiteral.of(ids))
			.map(row -> {
				ObjectNode attempt = codec.object();
				attempt.put("deliveryId", row.get("delivery_id", UUID.class).toString());
				attempt.put("attemptedAt", text(row.get("attempted_at", Instant.class)));
				attempt.put("durationMs", row.get("duration_ms", Long.class));
				attempt.put("responseCode", row.get("response_code", Integer.class));
				attempt.put("responseBody", row.get("response_body", String.class));
				attempt.put("errorType", row.get("error_type", String.class));
				attempt.put("errorMessage", row.get("error_message", String.class));
				return attempt;
			})
			.all()
			.collect(Collectors.groupingBy(a -> UUID.fromString(a.path("deliveryId").asString()),
					Collectors.collectingAndThen(Collectors.toList(), list -> {
						ArrayNode array = codec.object().arrayNode();
						list.forEach(a -> {
							a.remove("deliveryId");
							array.add(a);
						});
						return array;
					})));
	}

	private ObjectNode view(Readable row) {
		ObjectNode v = codec.object();
		v.put("id", row.get("id", UUID.class).toString());
		UUID subscription = row.get("subscription_id", UUID.class);
		v.put("subscriptionId", subscription == null ? null : subscription.toString());
		v.put("jobId", row.get("job_id", String.class));
		v.put("targetUrl", row.get("target_url", String.class));
		v.put("format", row.get("format", String.class));
		v.put("eventId", row.get("event_id", UUID.class).toString());
		v.put("eventType", row.get("event_type", String.class));
		v.put("eventSource", row.get("event_source", String.class));
		v.put("subject", row.get("subject", String.class));
		v.put("status", row.get("status", String.class));
		v.put("attempts", row.get("attempts", Integer.class));
		v.put("retryCount", row.get("retry_count", Integer.class));
		v.put("nextRetryAt", text(row.get("next_retry_at", Instant.class)));
		v.put("sentAt", text(row.get("sent_at", Instant.class)));
		v.put("responseCode", row.get("response_code", Integer.class));
		v.put("responseBody", row.get("response_body", String.class));
		v.put("processingTimeMs", row.get("processing_time_ms", Long.class));
		v.put("errorType", row.get("error_type", String.class));
		v.put("errorMessage", row.get("error_message", String.class));
		v.put("eventReceivedAt", text(row.get("event_received_at", Instant.class)));
		ObjectNode provenance = v.putObject("provenance");
		provenance.put("topic", row.get("kafka_topic", String.class));
		provenance.put("partition", row.get("kafka_partition", Integer.class));
		provenance.put("offset", row.get("kafka_offset", Long.class));
		Instant created = row.get("created_at", Instant.class);
		v.put("createdAt", text(created));
		v.put("cursor", created == null ? null : Long.toString(created.getEpochSecond() * 1_000_000 + created.getNano() / 1000));
		v.put("updatedAt", text(row.get("updated_at", Instant.class)));
		return v;
	}

	private static String text(Instant instant) {
		return instant == null ? null : instant.toString();
	}

}
