package io.spool.dispatcher.subscription.r2dbc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import io.spool.dispatcher.subscription.DeliveryFormat;
import io.spool.dispatcher.subscription.Subscription;
import io.spool.dispatcher.subscription.SubscriptionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/** Subscriptions in PostgreSQL. */
public final class PostgresSubscriptionStore implements SubscriptionStore {

	public static final String COLUMNS = "id, url, event_types, source, subject, secret, format, enabled, disabled_reason, "
			+ "rate_limit, concurrency, created_at, updated_at";

	private final DatabaseClient db;

	public PostgresSubscriptionStore(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Subscription> insert(Subscription s) {
		return bindAll(db.sql("insert into subscriptions (" + COLUMNS
				+ ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"), s)
			.then()
			.thenReturn(s);
	}

	@Override
	public Mono<Subscription> update(Subscription s) {
		return bindAll(db.sql("""
				update subscriptions set url = $2, event_types = $3, source = $4, subject = $5, secret = $6,
				    format = $7, enabled = $8, disabled_reason = $9, rate_limit = $10, concurrency = $11,
				    created_at = $12, updated_at = $13
				where id = $1"""), s).fetch().rowsUpdated().flatMap(n -> n > 0 ? Mono.just(s) : Mono.empty());
	}

	@Override
	public Mono<Boolean> delete(UUID id) {
		return db.sql("delete from subscriptions where id = $1").bind(0, id).fetch().rowsUpdated().map(n -> n > 0);
	}

	@Override
	public Mono<Subscription> find(UUID id) {
		return db.sql("select " + COLUMNS + " from subscriptions where id = $1")
			.bind(0, id)
			.map(PostgresSubscriptionStore::read)
			.one();
	}

	@Override
	public Flux<Subscription> all() {
		return db.sql("select " + COLUMNS + " from subscriptions order by created_at, id")
			.map(PostgresSubscriptionStore::read)
			.all();
	}

	@Override
	public Mono<Void> disable(UUID id, String reason) {
		return db.sql("update subscriptions set enabled = false, disabled_reason = $2, updated_at = now() where id = $1")
			.bind(0, id)
			.bind(1, reason)
			.then();
	}

	@Override
	public Mono<Void> setJobWebhook(String jobId, String url, String secret) {
		DatabaseClient.GenericExecuteSpec spec = db.sql("insert into print_jobs (id, webhook_url, webhook_secret) "
				+ "values ($1, $2, $3) on conflict (id) do update set webhook_url = excluded.webhook_url, "
				+ "webhook_secret = excluded.webhook_secret")
			.bind(0, jobId)
			.bind(1, url);
		spec = secret == null ? spec.bindNull(2, String.class) : spec.bind(2, secret);
		return spec.then();
	}

	private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Subscription s) {
		spec = spec.bind(0, s.id()).bind(1, s.url()).bind(2, s.eventTypes().toArray(String[]::new));
		spec = s.source() == null ? spec.bindNull(3, String.class) : spec.bind(3, s.source());
		spec = s.subject() == null ? spec.bindNull(4, String.class) : spec.bind(4, s.subject());
		spec = s.secret() == null ? spec.bindNull(5, String.class) : spec.bind(5, s.secret());
		spec = spec.bind(6, s.format().value()).bind(7, s.enabled());
		spec = s.disabledReason() == null ? spec.bindNull(8, String.class) : spec.bind(8, s.disabledReason());
		spec = s.rateLimit() == null ? spec.bindNull(9, Double.class) : spec.bind(9, s.rateLimit());
		spec = s.concurrency() == null ? spec.bindNull(10, Integer.class) : spec.bind(10, s.concurrency());
		return spec.bind(11, s.createdAt()).bind(12, s.updatedAt());
	}

	public static Subscription read(Readable row) {
		String[] types = row.get("event_types", String[].class);
		return new Subscription(row.get("id", UUID.class), row.get("url", String.class),
				types == null ? List.of() : List.of(types), row.get("source", String.class),
				row.get("subject", String.class), row.get("secret", String.class),
				DeliveryFormat.parse(row.get("format", String.class)).orElse(DeliveryFormat.CLOUDEVENTS),
				Boolean.TRUE.equals(row.get("enabled", Boolean.class)), row.get("disabled_reason", String.class),
				row.get("rate_limit", Double.class), row.get("concurrency", Integer.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

}
