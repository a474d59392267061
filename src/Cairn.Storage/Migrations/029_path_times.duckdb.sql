-- Each customer's times at each step, per index key (migration 025): steps (event names, or a
-- journey's touchpoints) and, for journeys, stages, as maps from the step's id to its times.
-- The DuckDB funnel reads these instead of gathering a list per step and customer from ten
-- million rows at query time (that gathering was most of the 5-step funnel's 500 ms). Kept with
-- path_steps by the index refresh; PostgreSQL's funnel joins path_steps and has no such table.
CREATE TABLE path_times (
    workspace_id BIGINT NOT NULL,
    journey_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    steps MAP(BIGINT, BIGINT[]) NOT NULL,
    stages MAP(BIGINT, BIGINT[])
);

-- Every index built before this table is rebuilt, with its times, by the next path query.
DELETE FROM path_index;
