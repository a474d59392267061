-- Program-level loop closing ("you said, we did"): a campaign tells the customers who raised an
-- issue what was done about it. The audience is fixed when the campaign is written (the customers
-- whose feedback carries the theme, or who are quoted in the insight), each reachable customer gets
-- one outbox row, and a customer is never told twice about the same initiative.
CREATE SEQUENCE loop_campaign_ids START 1;
CREATE TABLE loop_campaigns (
    id BIGINT PRIMARY KEY DEFAULT nextval('loop_campaign_ids'),
    workspace_id BIGINT NOT NULL,
    initiative_id BIGINT,
    insight_id BIGINT,
    theme TEXT,
    since {{ts}},
    until {{ts}},
    negative_only BOOLEAN NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    audience BIGINT NOT NULL,
    skipped_no_email BIGINT NOT NULL,
    skipped_consent BIGINT NOT NULL,
    skipped_already_told BIGINT NOT NULL,
    created_at {{ts}} NOT NULL,
    created_by TEXT NOT NULL
);
-- Outbox rows now also carry messages that belong to no case: what they are (follow_up,
-- confirmation, loop), whom they are for, which campaign wrote them, and the one-click unsubscribe
-- address (RFC 8058) the sender puts in the List-Unsubscribe header.
ALTER TABLE outbox ADD COLUMN kind TEXT DEFAULT 'follow_up';
ALTER TABLE outbox ADD COLUMN customer_id TEXT;
ALTER TABLE outbox ADD COLUMN campaign_id BIGINT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
-- Personal links that are not survey invitations: confirm an email address (double opt-in) or
-- unsubscribe from program messages. The id is random and unguessable; the link also carries an
-- HMAC of it, and the row says whose it is, what it does and until when.
CREATE TABLE customer_links (
    id TEXT PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    expires_at {{ts}} NOT NULL,
    used_at {{ts}}
);
-- The evidence behind each of the strategy's three tests (grounded, differentiated, achievable):
-- saved insights, each with its metric snapshot and quoted verbatims.
CREATE TABLE strategy_evidence (
    workspace_id BIGINT NOT NULL,
    test TEXT NOT NULL,
    insight_id BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, test, insight_id)
);
