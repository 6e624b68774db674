-- Narrow delivery rows (docs/benchmarks.md, "Deliveries").
--
-- A delivery row used to carry the whole CloudEvent (jsonb) and the body sent, ≈ 3 KiB, and every state change
-- (claimed, sent) rewrote it: an event fanned out to ten subscriptions wrote its CloudEvent twenty times on
-- insert alone. Now the event is read from event_log, which holds it already (deliveries.event_id = event_log.id),
-- and the body, which is the same for every target of one format, is stored once per (event, format).

create table delivery_bodies (
    event_id uuid not null,
    format   text not null,      -- cloudevents | print-service
    body     text not null,      -- the exact body sent to every target of this format
    primary key (event_id, format)
);

insert into delivery_bodies (event_id, format, body)
select distinct on (event_id, format) event_id, format, body
from deliveries
order by event_id, format, created_at;

alter table deliveries drop column event, drop column body;
