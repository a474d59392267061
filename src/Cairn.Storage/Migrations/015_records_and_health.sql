-- CRM/ERP facts (orders, returns, invoices, renewals, plan changes) carry the currency of their
-- amount: a workspace that sells in several currencies must never add euros to dollars.
ALTER TABLE customer_records ADD COLUMN currency TEXT;
ALTER TABLE customer_records ADD COLUMN received_at {{ts}};
CREATE INDEX customer_records_by_customer ON customer_records (workspace_id, customer_id, occurred_at);

-- Customer health as last computed: the inputs as they stood at as_of, the score they give and
-- the high-risk moment the customer is in, if any. Contributions are recomputed from the inputs
-- by Core's health model when shown, so what is stored cannot disagree with what is explained.
-- A recomputation replaces a workspace's rows in one transaction, hence no unique key (DuckDB
-- checks one eagerly and refuses a key deleted and inserted again in the same transaction).
CREATE TABLE customer_health (
    workspace_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    as_of {{ts}} NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    band TEXT NOT NULL,
    moment TEXT,
    last_nps DOUBLE PRECISION,
    last_csat DOUBLE PRECISION,
    last_ces DOUBLE PRECISION,
    sentiment DOUBLE PRECISION,
    support_contacts INTEGER NOT NULL,
    events_recent INTEGER NOT NULL,
    events_before INTEGER NOT NULL,
    returns INTEGER NOT NULL,
    renewal_at {{ts}},
    signup_at {{ts}},
    last_bad_contact_at {{ts}},
    monthly_revenue DOUBLE PRECISION
);
