-- Quotas per answer (JSON on the survey, as its triggers are): at most so many complete responses
-- whose answer falls in a range or is a choice. A respondent who would go over is screened out: the
-- response keeps its answers with status 'screened_out' and is never completed.
ALTER TABLE surveys ADD COLUMN quotas TEXT;
