-- PostgreSQL reads one customer's timeline by index; DuckDB scans its zone maps instead and
-- would only pay for these indexes on every insert.
CREATE INDEX events_customer_ts ON events (workspace_id, customer_id, ts);
CREATE INDEX feedback_customer ON feedback (workspace_id, customer_id);
CREATE INDEX responses_customer ON responses (workspace_id, customer_id);
