-- The score rollup takes a customer's answers away and adds them back when their segment changes
-- or they are erased (027_score_rollup.sql): without this index each of those reads every answer.
CREATE INDEX answers_customer ON answers (workspace_id, customer_id);
