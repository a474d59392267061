-- Alerts and outbound webhooks. An alert is raised once per kind, key and window (the unique key
-- makes the hourly sweep idempotent). Webhook deliveries are an outbox: a delivery row is written in
-- the same transaction as the fact it reports (a completed response, an opened case, a raised
-- alert), so an acknowledged fact is never lost to a crash and the HTTP call never delays it.
CREATE SEQUENCE alert_ids START 1;
CREATE TABLE alerts (
    id BIGINT PRIMARY KEY DEFAULT nextval('alert_ids'),
    workspace_id BIGINT NOT NULL,
    kind TEXT NOT NULL,            -- metric_drop | theme_surge
    subject TEXT NOT NULL,         -- nps | csat | ces | theme:N
    window_start {{ts}} NOT NULL,
    window_end {{ts}} NOT NULL,
    title TEXT NOT NULL,
    detail TEXT NOT NULL,
    raised_at {{ts}} NOT NULL,
    UNIQUE (workspace_id, kind, subject, window_end)
);
CREATE SEQUENCE webhook_ids START 1;
CREATE TABLE webhooks (
    id BIGINT PRIMARY KEY DEFAULT nextval('webhook_ids'),
    workspace_id BIGINT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,          -- comma-separated: response.completed, case.opened, alert.raised
    allow_private BOOLEAN NOT NULL DEFAULT FALSE,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL,
    created_by TEXT
);
CREATE SEQUENCE webhook_delivery_ids START 1;
CREATE TABLE webhook_deliveries (
    id BIGINT PRIMARY KEY DEFAULT nextval('webhook_delivery_ids'),
    workspace_id BIGINT NOT NULL,
    webhook_id BIGINT NOT NULL,
    event TEXT NOT NULL,
    ref TEXT NOT NULL,             -- what it reports: a response id, case id or alert id
    payload TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued | delivered | dead
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{ts}},
    last_attempt_at {{ts}},
    last_status INTEGER,
    last_error TEXT,
    last_ms DOUBLE PRECISION,
    created_at {{ts}} NOT NULL,
    delivered_at {{ts}}
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
