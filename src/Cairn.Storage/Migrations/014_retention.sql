-- Retention: per workspace and kind of data (events, feedback, responses, cases, audit_log), how many
-- days to keep it and what to do after (delete, or anonymise where the kind allows). A daily job
-- applies them; each application is written to the audit log with what it removed.
CREATE TABLE retention_policies (
    workspace_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    days INTEGER NOT NULL,
    action TEXT NOT NULL,
    updated_at {{ts}} NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (workspace_id, kind)
);
