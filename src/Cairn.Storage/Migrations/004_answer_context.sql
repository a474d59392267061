-- Metrics read scores from answers alone: each answer carries where and when it was given (copied
-- from its response when written), so NPS by touchpoint × month is one scan of one table rather
-- than a join of millions of answers to millions of responses.
ALTER TABLE answers ADD COLUMN survey_id BIGINT;
ALTER TABLE answers ADD COLUMN customer_id TEXT;
ALTER TABLE answers ADD COLUMN touchpoint_id BIGINT;
ALTER TABLE answers ADD COLUMN stage_id BIGINT;
ALTER TABLE answers ADD COLUMN channel TEXT;
ALTER TABLE answers ADD COLUMN answered_at {{ts}};
UPDATE answers SET
    survey_id = r.survey_id,
    customer_id = r.customer_id,
    touchpoint_id = r.touchpoint_id,
    stage_id = r.stage_id,
    channel = r.channel,
    answered_at = COALESCE(r.completed_at, r.started_at)
FROM responses r
WHERE r.workspace_id = answers.workspace_id AND r.id = answers.response_id;
