-- A version number of the subscriptions, raised in the same transaction as every change to them (docs/benchmarks.md,
-- ninth round).
--
-- Each applied batch fans its events out to the enabled subscriptions, and read them all again for that: one
-- statement per transaction, and ten rows mapped, whether or not anything had changed. The batch's first
-- statement now also returns this version; the dispatcher reads the subscriptions again only when it differs from
-- the version of the list it holds. The trigger fires for every statement that changes the table, whoever runs it
-- (the API, a subscription disabled after 410 Gone, an operator with psql), and a reader sees the version and the
-- subscriptions of one snapshot, so the list a batch uses is never older than its transaction.
create table subscription_version (
    single  boolean primary key default true check (single),
    version bigint  not null
);
insert into subscription_version (single, version) values (true, 0);

create function raise_subscription_version() returns trigger language plpgsql as $$
begin
    update subscription_version set version = version + 1;
    return null;
end
$$;

create trigger subscriptions_changed after insert or update or delete or truncate on subscriptions
    for each statement execute function raise_subscription_version();
