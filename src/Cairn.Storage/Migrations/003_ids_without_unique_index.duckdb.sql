-- DuckDB only: events and feedback lose their unique index on (workspace_id, id). Keeping an ART
-- index up to date more than halved the ingestion rate; the single writer's SeenIds set (see
-- Ingestion/SeenIds.cs) enforces once-only ids instead. Consequence: on DuckDB, events and
-- feedback must be written through the store's ingestion writer, never by a raw INSERT.
-- DuckDB cannot drop a primary key in place, so each table is rebuilt.
CREATE TABLE events_rebuilt (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    ts TIMESTAMP NOT NULL,
    channel TEXT,
    touchpoint_id BIGINT,
    properties JSON,
    received_at TIMESTAMP NOT NULL
);
INSERT INTO events_rebuilt SELECT workspace_id, id, customer_id, name, ts, channel, touchpoint_id, properties, received_at FROM events;
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;

CREATE TABLE feedback_rebuilt (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    customer_id TEXT,
    competitor TEXT,
    rating DOUBLE,
    rating_scale DOUBLE,
    title TEXT,
    text TEXT,
    occurred_at TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    channel TEXT,
    touchpoint_id BIGINT,
    response_id TEXT,
    language TEXT,
    sentiment_score DOUBLE,
    sentiment_label TEXT,
    properties JSON
);
INSERT INTO feedback_rebuilt SELECT workspace_id, id, source, kind, customer_id, competitor, rating, rating_scale, title, text, occurred_at, received_at, channel, touchpoint_id, response_id, language, sentiment_score, sentiment_label, properties FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_rebuilt RENAME TO feedback;
