-- Closed loop. A case rule (parsed by Core's CaseConditionParser, stored in canonical text) opens a
-- case for every matching score answer or feedback item since the rule's start; routes assign it
-- to an owner by touchpoint and segment when the rule names none. Each case keeps where it came
-- from (touchpoint, question, score) so the inbox lists cases without joining back to millions of
-- answers, and its notes double as its history (kind: note | status | assign | follow_up).
CREATE SEQUENCE case_rule_ids START 1;
CREATE TABLE case_rules (
    id BIGINT PRIMARY KEY DEFAULT nextval('case_rule_ids'),
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    condition TEXT NOT NULL,
    owner TEXT,
    sla_hours INTEGER NOT NULL,
    since {{ts}} NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL,
    created_by TEXT NOT NULL
);
CREATE SEQUENCE case_route_ids START 1;
CREATE TABLE case_routes (
    id BIGINT PRIMARY KEY DEFAULT nextval('case_route_ids'),
    workspace_id BIGINT NOT NULL,
    touchpoint_id BIGINT,
    segment TEXT,
    owner TEXT NOT NULL
);
ALTER TABLE cases ADD COLUMN rule_id BIGINT;
ALTER TABLE cases ADD COLUMN touchpoint_id BIGINT;
ALTER TABLE cases ADD COLUMN question_id TEXT;
ALTER TABLE cases ADD COLUMN score DOUBLE PRECISION;
ALTER TABLE cases ADD COLUMN source_at {{ts}};
ALTER TABLE case_notes ADD COLUMN kind TEXT DEFAULT 'note';
-- Follow-up messages to customers wait here until sent (or say why they were not), so a message
-- written on a case is never lost to an SMTP outage.
CREATE SEQUENCE outbox_ids START 1;
CREATE TABLE outbox (
    id BIGINT PRIMARY KEY DEFAULT nextval('outbox_ids'),
    workspace_id BIGINT NOT NULL,
    case_id BIGINT,
    recipient TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued | sent | failed | unsent
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at {{ts}} NOT NULL,
    sent_at {{ts}}
);
