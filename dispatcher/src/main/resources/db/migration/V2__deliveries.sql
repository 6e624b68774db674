-- Outbound deliveries (CONTRACT §3, seed 003's lifecycle).

create table subscriptions (
    id              uuid        primary key,
    url             text        not null,
    event_types     text[]      not null,
    source          text,
    subject         text,
    secret          text,
    format          text        not null default 'cloudevents',   -- cloudevents | print-service
    enabled         boolean     not null default true,
    disabled_reason text,
    rate_limit      double precision,
    concurrency     integer,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

-- One row per (event, target): a subscription, or a job's own webhook (subscription_id null, job_id set).
create table deliveries (
    id                uuid        primary key,     -- the webhook-id: stable across every attempt and replay
    subscription_id   uuid        references subscriptions (id) on delete set null,
    job_id            text,
    target_url        text        not null,
    format            text        not null,
    event_id          uuid        not null,
    event_type        text        not null,
    event_source      text,
    subject           text,
    event             jsonb       not null,         -- the CloudEvent
    body              text        not null,         -- the exact body sent, in the target's format
    status            text        not null,         -- pending | processing | sent | failed | dead
    attempts          integer     not null default 0,   -- every HTTP attempt, quick ones included
    retry_count       integer     not null default 0,   -- delayed retries scheduled so far
    next_retry_at     timestamptz,
    sent_at           timestamptz,
    response_code     integer,
    response_body     text,
    processing_time_ms bigint,
    error_type        text,
    error_message     text,
    event_received_at timestamptz,
    kafka_topic       text,
    kafka_partition   integer,
    kafka_offset      bigint,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create unique index deliveries_per_subscription on deliveries (event_id, subscription_id) where subscription_id is not null;
create unique index deliveries_per_job on deliveries (event_id, job_id) where job_id is not null and subscription_id is null;
create index deliveries_status on deliveries (status, next_retry_at);
create index deliveries_subscription on deliveries (subscription_id, created_at);

create table delivery_attempts (
    id            bigint generated always as identity primary key,
    delivery_id   uuid        not null references deliveries (id) on delete cascade,
    attempted_at  timestamptz not null,
    duration_ms   bigint      not null,
    response_code integer,
    response_body text,          -- at most 4 KiB
    error_type    text,          -- timeout | connection | http_4xx | http_5xx | blocked_target | circuit_open | …
    error_message text
);
create index delivery_attempts_delivery on delivery_attempts (delivery_id, id);

create table replays (
    id           bigint generated always as identity primary key,
    requested_by text        not null,
    requested_at timestamptz not null default now(),
    filters      jsonb       not null,
    dry_run      boolean     not null,
    matched      integer     not null,
    replayed     integer     not null
);
