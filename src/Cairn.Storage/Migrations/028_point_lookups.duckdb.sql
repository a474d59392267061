-- DuckDB scans a table for a filter on a composite key (its index scans serve a single-column
-- equality only): reading one response among ten million answers took 9-11 ms, 5-6 ms of it for
-- the response's own row. One-column indexes on the response id make those reads 0-1 ms: the
-- hosted page's later steps, a resumed response's save, the group commit's check of stored ids.
-- PostgreSQL's primary keys already serve these lookups.
CREATE INDEX IF NOT EXISTS responses_by_id ON responses (id);
CREATE INDEX IF NOT EXISTS answers_by_response ON answers (response_id);
