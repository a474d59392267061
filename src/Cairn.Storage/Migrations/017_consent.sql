-- Consent and preferences per customer: whether they may be surveyed (granted, pending a
-- double opt-in, withdrawn; no row: never said), when their email address was confirmed, and the
-- channel and language they prefer. Every change is kept in consent_changes with who made it and
-- how (API, unsubscribe link, admin), because a consent record must be provable.
CREATE TABLE customer_consent (
    workspace_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    surveys TEXT NOT NULL,
    email_confirmed_at {{ts}},
    preferred_channel TEXT,
    language TEXT,
    updated_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, customer_id)
);
CREATE TABLE consent_changes (
    workspace_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    changed_at {{ts}} NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    source TEXT NOT NULL,
    actor TEXT NOT NULL
);
-- The workspace's rule: survey only customers who granted consent, and email only confirmed addresses.
CREATE TABLE consent_policies (
    workspace_id BIGINT PRIMARY KEY,
    require_consent BOOLEAN NOT NULL,
    email_double_opt_in BOOLEAN NOT NULL,
    updated_at {{ts}} NOT NULL,
    updated_by TEXT NOT NULL
);
