-- The analyst's inputs on a gap of the priorities board: severity and fixability (1-5) and the one
-- named owner. Gaps themselves are computed, not stored; an input sticks to the gap's stable key
-- ("theme:4", "touchpoint:12", "pain:3") so it survives every recomputation.
CREATE TABLE gap_inputs (
    workspace_id BIGINT NOT NULL,
    gap_key TEXT NOT NULL,
    severity INTEGER,
    fixability INTEGER,
    owner TEXT,
    updated_at {{ts}} NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (workspace_id, gap_key)
);
