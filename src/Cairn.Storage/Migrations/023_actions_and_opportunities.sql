-- Journey maps gain the customer's actions per stage (what they do there, in the analyst's words),
-- and opportunities become usable: each links to the evidence behind it (verbatims, a metric) and
-- remembers who wrote it.
ALTER TABLE stages ADD COLUMN actions TEXT;
ALTER TABLE opportunities ADD COLUMN evidence TEXT;
ALTER TABLE opportunities ADD COLUMN created_by TEXT;
