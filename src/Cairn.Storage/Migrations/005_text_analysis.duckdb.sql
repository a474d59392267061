-- Text analytics results stored with each feedback item (language and sentiment columns exist
-- since 001): its emotions (comma-separated names), whether its sentences pull both ways, and
-- for each theme found, where the evidence sits in the text so the explorer can highlight it.
ALTER TABLE feedback ADD COLUMN emotions TEXT;
ALTER TABLE feedback ADD COLUMN sentiment_mixed BOOLEAN;
-- DuckDB: feedback_themes is rebuilt without its primary key. Rows are only ever appended for
-- new feedback or replaced wholesale by `cairn reprocess` (delete, then append), and an ART
-- index on a table appended to at ingestion speed costs more than it guards.
CREATE TABLE feedback_themes_rebuilt (
    workspace_id BIGINT NOT NULL,
    feedback_id TEXT NOT NULL,
    theme_id BIGINT NOT NULL,
    evidence TEXT,
    sentiment DOUBLE,
    evidence_start INTEGER,
    evidence_length INTEGER
);
INSERT INTO feedback_themes_rebuilt SELECT workspace_id, feedback_id, theme_id, evidence, sentiment, NULL, NULL FROM feedback_themes;
DROP TABLE feedback_themes;
ALTER TABLE feedback_themes_rebuilt RENAME TO feedback_themes;
