-- Experience audits: a walk (own journey or a competitor's) records when and by whom, with notes;
-- each step records what the walker did and how long it took, and may carry one evidence file
-- (screenshot, photo or PDF). The file's bytes live in the database, beside the step, so a backup
-- of the database is a backup of the evidence and every node of a PostgreSQL deployment sees it.
ALTER TABLE audits ADD COLUMN notes TEXT;
ALTER TABLE audits ADD COLUMN created_at {{ts}};
ALTER TABLE audits ADD COLUMN created_by TEXT;
ALTER TABLE audit_steps ADD COLUMN action TEXT;
ALTER TABLE audit_steps ADD COLUMN minutes DOUBLE PRECISION;
ALTER TABLE audit_steps ADD COLUMN evidence_type TEXT;
ALTER TABLE audit_steps ADD COLUMN evidence_name TEXT;
ALTER TABLE audit_steps ADD COLUMN evidence_bytes BIGINT;
CREATE TABLE audit_evidence (
    workspace_id BIGINT NOT NULL,
    step_id BIGINT NOT NULL,
    data {{blob}} NOT NULL,
    PRIMARY KEY (workspace_id, step_id)
);
