-- An invitation link's respondent is looked up by the invitation's id on every page, and the
-- invitation is marked opened and responded by the same key. DuckDB serves the composite key
-- (workspace_id, id) by scanning: 19 ms per lookup and 20 ms per update at 2,000,000 invitations.
-- A one-column index on the id makes both 0.5-0.9 ms. PostgreSQL's primary key serves them already.
CREATE INDEX IF NOT EXISTS invitations_by_id ON invitations (id);
