-- The insights library: a finding an analyst saves with its evidence (a metric with its interval
-- and n as it stood when saved, and the verbatims quoted), an owner and the initiative it feeds.
CREATE SEQUENCE insight_ids START 1;
CREATE TABLE insights (
    id BIGINT PRIMARY KEY DEFAULT nextval('insight_ids'),
    workspace_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    finding TEXT NOT NULL,
    metric TEXT,
    metric_by TEXT,
    metric_value DOUBLE PRECISION,
    metric_low DOUBLE PRECISION,
    metric_high DOUBLE PRECISION,
    metric_n BIGINT,
    owner TEXT,
    initiative_id BIGINT,
    created_at {{ts}} NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE insight_verbatims (
    workspace_id BIGINT NOT NULL,
    insight_id BIGINT NOT NULL,
    feedback_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, insight_id, feedback_id)
);
