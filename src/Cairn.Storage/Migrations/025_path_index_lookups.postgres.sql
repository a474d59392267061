-- PostgreSQL reads one customer's index rows and one workspace's dirty marks by index; DuckDB
-- scans with its zone maps and needs none.
CREATE INDEX path_steps_by_customer ON path_steps (workspace_id, journey_id, customer_id);
CREATE INDEX path_dirty_by_workspace ON path_dirty (workspace_id);
