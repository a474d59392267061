-- Initiatives: the first schema's row gains what governance asks for (a description, an executive
-- sponsor, the gap it answers, how long to measure, who created it), and its links move from a
-- JSON column to rows so that measurement can join them: kind = touchpoint | segment (who the
-- change reaches: the affected group) or theme | pain_point (what it answers, for context).
ALTER TABLE initiatives ADD COLUMN description TEXT;
ALTER TABLE initiatives ADD COLUMN sponsor TEXT;
ALTER TABLE initiatives ADD COLUMN gap_key TEXT;
ALTER TABLE initiatives ADD COLUMN window_days INTEGER;
ALTER TABLE initiatives ADD COLUMN created_by TEXT;
CREATE TABLE initiative_links (
    workspace_id BIGINT NOT NULL,
    initiative_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    PRIMARY KEY (workspace_id, initiative_id, kind, ref)
);
