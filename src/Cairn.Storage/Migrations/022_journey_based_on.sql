-- A future-state map remembers the map it was drafted from, so the two can be shown side by side.
ALTER TABLE journeys ADD COLUMN based_on BIGINT;
