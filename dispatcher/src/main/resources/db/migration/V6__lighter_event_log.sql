-- Less work per applied event (docs/benchmarks.md, "Apply"; measured with pg_stat_statements).
--
-- Inserting an event into event_log was 224 µs of PostgreSQL statement time per row under the apply backlog, most
-- of it in its eight indexes, and PostgreSQL was then the busier of the two processes. Two of them did not earn
-- their cost:
-- * event_log_printer (printer_id, seq): no query reads it (the events API filters by source, type, subject,
--   status and time; a printer's events are its subject's).
-- * event_log_received (received_at): a B-tree entry per event for the since/until filters, on a column that grows
--   with the table's physical order. A BRIN index answers those ranges from a summary per 128 pages and costs
--   nearly nothing per insert.
drop index event_log_printer;
drop index event_log_received;
create index event_log_received on event_log using brin (received_at);
