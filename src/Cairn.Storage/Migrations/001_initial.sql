-- Cairn schema, first cut (DESIGN.md, "Model"). One file for both engines: {{ts}} and {{json}}
-- are replaced by each dialect. Every fact table carries workspace_id first so the schema can be
-- distributed by it (Citus) without change. No foreign keys: DuckDB checks them on every update
-- and delete of a referenced row and refuses some upserts; integrity is kept by the writers.

CREATE SEQUENCE workspace_ids START 1;
CREATE TABLE workspaces (
    id BIGINT PRIMARY KEY DEFAULT nextval('workspace_ids'),
    name TEXT NOT NULL,
    industry TEXT NOT NULL,
    created_at {{ts}} NOT NULL
);

-- Access -------------------------------------------------------------------------------------
CREATE SEQUENCE user_ids START 1;
CREATE TABLE users (
    id BIGINT PRIMARY KEY DEFAULT nextval('user_ids'),
    email TEXT NOT NULL UNIQUE,
    display_name TEXT,
    password_hash TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    last_sign_in_at {{ts}}
);
CREATE TABLE workspace_members (
    workspace_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    role TEXT NOT NULL, -- admin | analyst | case_owner | viewer
    PRIMARY KEY (workspace_id, user_id)
);
CREATE SEQUENCE api_key_ids START 1;
CREATE TABLE api_keys (
    id BIGINT PRIMARY KEY DEFAULT nextval('api_key_ids'),
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,          -- first characters, shown to people to tell keys apart
    key_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the key; the key itself is never stored
    scope TEXT NOT NULL,           -- ingest | read | admin
    created_at {{ts}} NOT NULL,
    revoked_at {{ts}}
);
CREATE SEQUENCE audit_log_ids START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_ids'),
    workspace_id BIGINT,
    logged_at {{ts}} NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail {{json}}
);

-- Customers ----------------------------------------------------------------------------------
CREATE TABLE customers (
    workspace_id BIGINT NOT NULL,
    external_id TEXT NOT NULL,
    name TEXT,
    email TEXT,
    segment TEXT,
    persona TEXT,
    plan TEXT,
    region TEXT,
    signup_at {{ts}},
    status TEXT NOT NULL DEFAULT 'active', -- active | churned
    churned_at {{ts}},
    churn_type TEXT,                      -- voluntary | involuntary
    monthly_revenue DOUBLE PRECISION,
    attributes {{json}},
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, external_id)
);
CREATE TABLE customer_records ( -- CRM/ERP facts: orders, returns, invoices, renewals, plan changes
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    occurred_at {{ts}} NOT NULL,
    amount DOUBLE PRECISION,
    properties {{json}},
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE segments (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    rule {{json}},
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE personas (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    rule {{json}},
    empathy_map {{json}},
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE channels (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE competitors (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

-- Journeys -----------------------------------------------------------------------------------
CREATE SEQUENCE journey_ids START 1;
CREATE TABLE journeys (
    id BIGINT PRIMARY KEY DEFAULT nextval('journey_ids'),
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    persona_id TEXT,
    scope TEXT,
    purpose TEXT,
    state TEXT NOT NULL DEFAULT 'current', -- current | future
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{ts}} NOT NULL
);
CREATE SEQUENCE stage_ids START 1;
CREATE TABLE stages (
    id BIGINT PRIMARY KEY DEFAULT nextval('stage_ids'),
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    customer_goal TEXT,
    expectations TEXT
);
CREATE SEQUENCE touchpoint_ids START 1;
CREATE TABLE touchpoints (
    id BIGINT PRIMARY KEY DEFAULT nextval('touchpoint_ids'),
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT NOT NULL,
    stage_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    channel TEXT,
    moment_of_truth BOOLEAN NOT NULL DEFAULT FALSE,
    owner TEXT
);
CREATE TABLE touchpoint_rules ( -- an event whose name equals event_name is mapped to the touchpoint
    workspace_id BIGINT NOT NULL,
    event_name TEXT NOT NULL,
    touchpoint_id BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, event_name, touchpoint_id)
);
CREATE SEQUENCE pain_point_ids START 1;
CREATE TABLE pain_points (
    id BIGINT PRIMARY KEY DEFAULT nextval('pain_point_ids'),
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT,
    touchpoint_id BIGINT,
    title TEXT NOT NULL,
    description TEXT,
    severity INTEGER,
    fixability INTEGER,
    status TEXT NOT NULL DEFAULT 'suggested', -- suggested | accepted | dismissed
    owner TEXT,
    evidence {{json}},
    created_at {{ts}} NOT NULL
);
CREATE SEQUENCE opportunity_ids START 1;
CREATE TABLE opportunities (
    id BIGINT PRIMARY KEY DEFAULT nextval('opportunity_ids'),
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT,
    touchpoint_id BIGINT,
    pain_point_id BIGINT,
    title TEXT NOT NULL,
    description TEXT,
    owner TEXT,
    due_date DATE,
    status TEXT NOT NULL DEFAULT 'open',
    created_at {{ts}} NOT NULL
);

-- Events -------------------------------------------------------------------------------------
CREATE TABLE events (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,            -- the sender's idempotency id
    customer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    ts {{ts}} NOT NULL,
    channel TEXT,
    touchpoint_id BIGINT,        -- resolved at ingestion from touchpoint_rules
    properties {{json}},
    received_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

-- Surveys ------------------------------------------------------------------------------------
CREATE SEQUENCE survey_ids START 1;
CREATE TABLE surveys (
    id BIGINT PRIMARY KEY DEFAULT nextval('survey_ids'),
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,           -- nps | csat | ces | custom
    touchpoint_id BIGINT,
    status TEXT NOT NULL DEFAULT 'draft',
    current_version INTEGER NOT NULL DEFAULT 1,
    triggers {{json}},
    throttling {{json}},
    created_at {{ts}} NOT NULL
);
CREATE TABLE survey_versions (
    workspace_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    definition {{json}} NOT NULL,
    created_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, survey_id, version)
);
CREATE TABLE invitations (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    survey_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_at {{ts}} NOT NULL,
    opened_at {{ts}},
    responded_at {{ts}},
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE responses (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    survey_id BIGINT NOT NULL,
    survey_version INTEGER NOT NULL,
    customer_id TEXT,
    status TEXT NOT NULL,         -- partial | complete
    touchpoint_id BIGINT,
    stage_id BIGINT,
    channel TEXT,
    locale TEXT,
    started_at {{ts}} NOT NULL,
    completed_at {{ts}},
    PRIMARY KEY (workspace_id, id)
);
CREATE TABLE answers (
    workspace_id BIGINT NOT NULL,
    response_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    value_number DOUBLE PRECISION,
    value_text TEXT,
    PRIMARY KEY (workspace_id, response_id, question_id)
);

-- Feedback and text --------------------------------------------------------------------------
CREATE TABLE feedback (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,             -- the sender's idempotency id
    source TEXT NOT NULL,         -- survey_comment | review | social | ticket | chat | interview | exit_interview
    kind TEXT NOT NULL,           -- direct | indirect | inferred
    customer_id TEXT,
    competitor TEXT,              -- set when the feedback is about a competitor
    rating DOUBLE PRECISION,
    rating_scale DOUBLE PRECISION,
    title TEXT,
    text TEXT,
    occurred_at {{ts}} NOT NULL,
    received_at {{ts}} NOT NULL,
    channel TEXT,
    touchpoint_id BIGINT,
    response_id TEXT,
    language TEXT,
    sentiment_score DOUBLE PRECISION,
    sentiment_label TEXT,
    properties {{json}},
    PRIMARY KEY (workspace_id, id)
);
CREATE SEQUENCE theme_ids START 1;
CREATE TABLE themes (
    id BIGINT PRIMARY KEY DEFAULT nextval('theme_ids'),
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    parent_id BIGINT,
    rules {{json}},
    created_at {{ts}} NOT NULL
);
CREATE TABLE feedback_themes (
    workspace_id BIGINT NOT NULL,
    feedback_id TEXT NOT NULL,
    theme_id BIGINT NOT NULL,
    evidence TEXT,
    sentiment DOUBLE PRECISION,
    PRIMARY KEY (workspace_id, feedback_id, theme_id)
);
CREATE SEQUENCE benchmark_ids START 1;
CREATE TABLE benchmarks (
    id BIGINT PRIMARY KEY DEFAULT nextval('benchmark_ids'),
    workspace_id BIGINT NOT NULL,
    level TEXT NOT NULL,          -- internal | competitive | industry | best_in_class
    metric TEXT NOT NULL,
    label TEXT NOT NULL,
    value DOUBLE PRECISION,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION,
    source TEXT,
    as_of DATE
);

-- Act ----------------------------------------------------------------------------------------
CREATE SEQUENCE case_ids START 1;
CREATE TABLE cases (
    id BIGINT PRIMARY KEY DEFAULT nextval('case_ids'),
    workspace_id BIGINT NOT NULL,
    customer_id TEXT,
    rule TEXT,
    source_kind TEXT,
    source_id TEXT,
    owner TEXT,
    status TEXT NOT NULL DEFAULT 'new', -- new | in_progress | contacted | resolved
    sla_due_at {{ts}},
    root_cause TEXT,
    opened_at {{ts}} NOT NULL,
    first_action_at {{ts}},
    closed_at {{ts}}
);
CREATE SEQUENCE case_note_ids START 1;
CREATE TABLE case_notes (
    id BIGINT PRIMARY KEY DEFAULT nextval('case_note_ids'),
    workspace_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL,
    author TEXT NOT NULL,
    written_at {{ts}} NOT NULL,
    text TEXT NOT NULL
);
CREATE SEQUENCE initiative_ids START 1;
CREATE TABLE initiatives (
    id BIGINT PRIMARY KEY DEFAULT nextval('initiative_ids'),
    workspace_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned',
    links {{json}},
    metric TEXT,
    baseline DOUBLE PRECISION,
    target DOUBLE PRECISION,
    start_date DATE,
    due_date DATE,
    launched_at {{ts}},
    created_at {{ts}} NOT NULL
);
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audits (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    workspace_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    subject TEXT NOT NULL,        -- own | competitor
    competitor_id TEXT,
    journey_id BIGINT,
    walker TEXT,
    walked_at {{ts}}
);
CREATE SEQUENCE audit_step_ids START 1;
CREATE TABLE audit_steps (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_step_ids'),
    workspace_id BIGINT NOT NULL,
    audit_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    touchpoint_id BIGINT,
    effort INTEGER,               -- 1..7, lower is less effort
    emotion TEXT,
    observation TEXT,
    evidence_path TEXT
);
