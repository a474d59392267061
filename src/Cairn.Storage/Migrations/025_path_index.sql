-- Journey analytics index. Ordering ten million events per customer costs more than a second on
-- every query, so each customer's steps are ordered once and kept with their neighbours: position,
-- previous and next step with their times, the position with repeats collapsed, and whether it is
-- the customer's first time at the step. Journey 0 holds every event (event level, steps are
-- path_names ids); a current-state journey holds the events mapped to its touchpoints (steps are
-- touchpoint ids, with their stages). Ingestion marks the customers it touched in path_dirty; a
-- query first brings the index up to date for them (CairnStore.PathIndex.cs). path_index lists the
-- journeys whose index is built; deleting a row there asks for a full rebuild.
CREATE TABLE path_names (
    workspace_id BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE path_steps (
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    ts {{ts}} NOT NULL,
    t BIGINT NOT NULL,                 -- ts in microseconds since 1970 (medians of integers are 2× faster)
    pos INTEGER NOT NULL,              -- 1-based position in the customer's steps, in time order
    step BIGINT NOT NULL,
    prev_step BIGINT,
    next_step BIGINT,
    prev_t BIGINT,
    next_t BIGINT,
    first_step BOOLEAN NOT NULL,       -- the customer's first time at this step
    run_pos INTEGER NOT NULL,          -- position with consecutive repeats of a step collapsed
    stage BIGINT,                      -- journeys only: the step's stage, its neighbours' and the collapsed position
    prev_stage BIGINT,
    next_stage BIGINT,
    stage_run_pos INTEGER
);

CREATE TABLE path_dirty (
    workspace_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL
);

CREATE TABLE path_index (
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT NOT NULL,
    built_at {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, journey_id)
);
