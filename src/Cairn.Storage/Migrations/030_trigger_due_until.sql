-- Survey triggers follow events by when they were received, not only by when they happened: a
-- sweep that had moved its mark past an event's time before the event was stored (ingestion still
-- committing, or a client sending its events minutes late) never invited for it. due_until is how
-- far the trigger has invited in "due" time: an event is due once it is stored and its delay has
-- passed (the later of received_at and ts + delay). starts_at: events before the trigger existed
-- never invite. Rows from before keep NULLs and are read as processed_until + delay, no start.
ALTER TABLE survey_trigger_runs ADD COLUMN due_until {{ts}};
ALTER TABLE survey_trigger_runs ADD COLUMN starts_at {{ts}};
