-- Server-side survey triggers: a survey's triggers (JSON on the survey: event, delay, send) invite
-- the customers who did the event, once the delay has passed. Each trigger remembers up to which
-- event time it has invited, so a sweep only looks at what is new and a restart repeats nothing.
CREATE TABLE survey_trigger_runs (
    workspace_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL,
    event TEXT NOT NULL,
    processed_until {{ts}} NOT NULL,
    PRIMARY KEY (workspace_id, survey_id, event)
);
