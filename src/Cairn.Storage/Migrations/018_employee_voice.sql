-- Voice of the employee: front-line staff's pulse scores, ideas and the customer pain points they
-- see, linked to touchpoints. Anonymous by construction: no person is stored, only the team, and
-- the day (not the time) it was given. Reports withhold any group smaller than the minimum size.
CREATE TABLE employee_feedback (
    workspace_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    team TEXT NOT NULL,
    kind TEXT NOT NULL,
    touchpoint_id BIGINT,
    score DOUBLE PRECISION,
    text TEXT,
    sentiment_score DOUBLE PRECISION,
    themes TEXT,
    submitted_on DATE NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
