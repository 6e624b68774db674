-- Less work per delivery row (docs/benchmarks.md, "Deliveries"; measured with pg_stat_statements).
--
-- A delivery's id is a name-based UUID of its event and its target (NewDelivery.idFor), so the primary key already
-- makes a delivery unique per (event, subscription) and per (event, job): the two unique indexes were one more
-- index entry on every insert and on every status change, and no query reads them.
drop index deliveries_per_subscription;
drop index deliveries_per_job;

-- The event's trace context is read at every claim; it was taken from event_log's jsonb payload, which meant
-- reading (and decompressing) the whole CloudEvent for each delivery sent.
alter table deliveries add column traceparent text;
update deliveries d set traceparent = e.payload ->> 'traceparent'
from event_log e
where e.id = d.event_id and d.status not in ('sent', 'dead');
