-- The rollup of the answers already stored (027_score_rollup.sql).
INSERT INTO score_rollup (workspace_id, question_id, day, value, survey_id, touchpoint_id, stage_id, channel, segment, persona, plan, region, n)
SELECT a.workspace_id, a.question_id, date_trunc('day', a.answered_at{{utc}}), a.value_number,
       COALESCE(a.survey_id, 0), COALESCE(a.touchpoint_id, 0), COALESCE(a.stage_id, 0), COALESCE(a.channel, ''),
       COALESCE(c.segment, ''), COALESCE(c.persona, ''), COALESCE(c.plan, ''), COALESCE(c.region, ''), count(*)
FROM answers a LEFT JOIN customers c ON c.workspace_id = a.workspace_id AND c.external_id = a.customer_id
WHERE a.value_number IS NOT NULL AND a.answered_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
