-- Text analytics results stored with each feedback item (language and sentiment columns exist
-- since 001): its emotions (comma-separated names), whether its sentences pull both ways, and
-- for each theme found, where the evidence sits in the text so the explorer can highlight it.
ALTER TABLE feedback ADD COLUMN emotions TEXT;
ALTER TABLE feedback ADD COLUMN sentiment_mixed BOOLEAN;
ALTER TABLE feedback_themes ADD COLUMN evidence_start INTEGER;
ALTER TABLE feedback_themes ADD COLUMN evidence_length INTEGER;
CREATE INDEX feedback_themes_by_theme ON feedback_themes (workspace_id, theme_id);
