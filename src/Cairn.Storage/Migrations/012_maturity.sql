-- VoC maturity: where the data cannot say how mature a dimension is, the team answers (level 1-5),
-- with a note and who answered when. One answer per dimension; a new answer replaces it.
CREATE TABLE maturity_answers (
    workspace_id BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    level INTEGER NOT NULL,
    note TEXT,
    answered_by TEXT,
    answered_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, dimension)
);
