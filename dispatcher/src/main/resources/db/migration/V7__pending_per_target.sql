-- A subscriber's lane reads its left-behind deliveries back in order (SubscriberLanes, docs/reliability.md "Soak").
--
-- A lane that is full refuses the tasks that reach it from Kafka and leaves their deliveries pending; once it has
-- room it reads them back, oldest first, by its routing key: a subscription, or a job's own webhook. Each kind has
-- its partial index in that order, so a page reads the rows it returns whatever other subscribers have pending.
-- A pending delivery is in exactly one of them: one more index entry per delivery, removed when it is sent.
create index deliveries_pending_per_subscription on deliveries (subscription_id, updated_at, id)
    where status = 'pending' and subscription_id is not null;
create index deliveries_pending_per_job on deliveries (job_id, updated_at, id)
    where status = 'pending' and subscription_id is null;
