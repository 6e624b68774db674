-- Spool dispatcher schema, version 1.
--
-- Every state row is a last-writer-wins map: each field was set by the newest event that touched it, where
-- "newest" is the event's order key (event time, then a rank for events of the same time, then the event id).
-- `clocks` holds that order key per field, so that events arriving late, twice or shuffled always end in the
-- same state. `version` counts the distinct events applied to the row: it orders the row's snapshots on
-- spool.state.v1 and witnesses exactly-once (an event applied twice would count twice).

-- The inbound event log (seed 000's PrinterWebhookEvent), one row per distinct (source, source_event_id).
create table event_log (
    seq              bigint generated always as identity,
    id               uuid        not null primary key,   -- the CloudEvent id
    source           text        not null,
    source_event_id  text        not null,
    type             text        not null,
    source_type      text,
    subject          text,
    printer_id       text,
    job_id           text,
    event_time       timestamptz,
    received_at      timestamptz,
    processed        boolean     not null,
    processed_at     timestamptz not null default now(),
    processing_error text,
    payload          jsonb       not null,                -- the whole CloudEvent
    kafka_topic      text,
    kafka_partition  integer,
    kafka_offset     bigint,
    constraint event_log_source_event unique (source, source_event_id)
);
create unique index event_log_seq on event_log (seq);
create index event_log_type on event_log (type, seq);
create index event_log_subject on event_log (subject, seq);
create index event_log_printer on event_log (printer_id, seq);
create index event_log_failed on event_log (seq) where not processed;
create index event_log_received on event_log (received_at);

create table printers (
    id             text        primary key,
    source         text,
    name           text,
    state          text,          -- idle | printing | paused | offline | a sender's own state
    online         boolean,
    current_job_id text,
    last_seen_at   timestamptz,
    clocks         jsonb       not null default '{}',
    version        bigint      not null default 0,
    updated_at     timestamptz not null default now()
);

-- Print jobs: SimplePrint's jobs (seed 001) and the print service's (seed 004) in one table.
create table print_jobs (
    id             text        primary key,
    source         text,
    name           text,          -- job name or file name
    status         text,          -- pending | downloading | slicing | uploading | printing | paused | complete | failed | cancelled
    progress       integer,
    printer_id     text,
    started_at     timestamptz,
    finished_at    timestamptz,
    error_message  text,
    webhook_url    text,          -- the job's own webhook (seed 004), set through the API
    webhook_secret text,
    clocks         jsonb       not null default '{}',
    version        bigint      not null default 0,
    updated_at     timestamptz not null default now()
);
create index print_jobs_printer on print_jobs (printer_id);
create index print_jobs_status on print_jobs (status);

-- Printer queues (seed 001's PrintQueue): the latest queue content reported per printer.
create table printer_queues (
    id               text        primary key,   -- the printer id, or the source name for a farm-wide queue
    source           text,
    items            jsonb,
    last_change_type text,
    clocks           jsonb       not null default '{}',
    version          bigint      not null default 0,
    updated_at       timestamptz not null default now()
);

-- Products (seed 002).
create table products (
    id          text        primary key,
    source      text,
    title       text,
    image_key   text,
    deleted     boolean,
    data        jsonb,
    clocks      jsonb       not null default '{}',
    version     bigint      not null default 0,
    updated_at  timestamptz not null default now()
);
