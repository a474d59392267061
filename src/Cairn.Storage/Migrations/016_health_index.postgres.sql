-- PostgreSQL only: a customer's health is looked up by customer for the 360 view. DuckDB scans
-- its columns fast enough and would pay for the index on every recomputation.
CREATE INDEX customer_health_by_customer ON customer_health (workspace_id, customer_id);
CREATE INDEX customer_health_by_score ON customer_health (workspace_id, score);
