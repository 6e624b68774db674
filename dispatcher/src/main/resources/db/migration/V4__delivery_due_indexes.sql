-- The poller's indexes (docs/benchmarks.md, "Deliveries").
--
-- The poller asks every second for delayed retries whose time has come and for deliveries nobody has touched for
-- a while. With one index on (status, next_retry_at) the second half read every pending row and sorted them: with a
-- backlog of 200,000 pending deliveries that took 0.56 s of PostgreSQL time on three processes, every second.
-- Each kind (due retries, claims left unfinished, pending deliveries nobody claimed) now has a partial index
-- in the order it is read, so a poll reads at most the rows it returns.

drop index deliveries_status;
create index deliveries_retry_due on deliveries (next_retry_at) where status = 'failed';
create index deliveries_pending on deliveries (updated_at) where status = 'pending';
create index deliveries_processing on deliveries (updated_at) where status = 'processing';
create index deliveries_dead on deliveries (updated_at, id) where status = 'dead';
