-- A delivery's successful attempt is kept on its own row, not as a row of delivery_attempts (docs/benchmarks.md,
-- "Deliveries, fourth round").
--
-- Nearly every delivery succeeds at its first attempt. Logging that attempt as a row of delivery_attempts cost a
-- heap row, two index entries and a foreign-key check (a lock on the delivery's row) for figures the delivery's
-- row receives in the same statement anyway: sent_at, response_code, response_body. Only the attempt's duration
-- was missing; it is kept here, and the attempt log shows the successful attempt from these columns. Failed
-- attempts are still rows of delivery_attempts, as before. Rows sent before this migration keep their attempt
-- row and have no sent_duration_ms, so their success is not shown twice.
alter table deliveries add column sent_duration_ms bigint;
