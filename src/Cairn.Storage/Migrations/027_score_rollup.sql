-- Score rollup. NPS by segment × month over ten million answers costs about a second when every
-- answer is joined to its customer and truncated to its month on each query; counted once per day
-- and answer value with every dimension a metric slices by, the same question reads a few thousand
-- rows. Writers append signed deltas (score_delta) in the transaction that changes answers or a
-- customer's segment, persona, plan or region: minus the rows as they were, plus as they are. A
-- query reads the rollup plus the pending deltas, so it is exact at once; a background job folds
-- the deltas into the rollup (CairnStore.ScoreRollup.cs). Missing values are '' or 0, never NULL,
-- so that every key is comparable.
CREATE TABLE score_rollup (
    workspace_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    day {{ts}} NOT NULL,               -- the answer's UTC day
    value DOUBLE PRECISION NOT NULL,   -- the answer's number (scores have a handful of values)
    survey_id BIGINT NOT NULL,
    touchpoint_id BIGINT NOT NULL,
    stage_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    segment TEXT NOT NULL,             -- the customer's, as it is now
    persona TEXT NOT NULL,
    plan TEXT NOT NULL,
    region TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, question_id, day, value, survey_id, touchpoint_id, stage_id, channel, segment, persona, plan, region)
);

CREATE TABLE score_delta (
    workspace_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    day {{ts}} NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    survey_id BIGINT NOT NULL,
    touchpoint_id BIGINT NOT NULL,
    stage_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    segment TEXT NOT NULL,
    persona TEXT NOT NULL,
    plan TEXT NOT NULL,
    region TEXT NOT NULL,
    n BIGINT NOT NULL                  -- +count added, -count taken away
);
