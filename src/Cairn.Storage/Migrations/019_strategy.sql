-- The CX strategy: a vision and a brand promise, the evidence for the three tests a strategy must
-- pass (grounded in insight, differentiated, achievable), the North Star metric with its target,
-- an owner for each journey stage, and each initiative's cost and reach for its ROI.
CREATE TABLE strategies (
    workspace_id BIGINT PRIMARY KEY,
    vision TEXT,
    promise TEXT,
    grounded TEXT,
    differentiated TEXT,
    achievable TEXT,
    north_star TEXT NOT NULL,
    north_star_target DOUBLE PRECISION,
    target_date DATE,
    updated_at {{ts}} NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE stage_owners (
    workspace_id BIGINT NOT NULL,
    stage_id BIGINT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (workspace_id, stage_id)
);
CREATE TABLE initiative_economics (
    workspace_id BIGINT NOT NULL,
    initiative_id BIGINT NOT NULL,
    cost DOUBLE PRECISION,
    reach BIGINT,
    PRIMARY KEY (workspace_id, initiative_id)
);
