-- A pain point the data suggested keeps the rule that found it, so the analyst's decision
-- (accepted or dismissed) sticks to that finding while its figures are recomputed live.
ALTER TABLE pain_points ADD COLUMN rule TEXT;
ALTER TABLE pain_points ADD COLUMN decided_at {{ts}};
ALTER TABLE pain_points ADD COLUMN decided_by TEXT;
