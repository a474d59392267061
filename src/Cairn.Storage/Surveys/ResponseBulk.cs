using System.Data.Common;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage.Surveys;

/// <summary>A response waiting in the group commit.</summary>
internal sealed record QueuedResponse(long WorkspaceId, StoredSurvey Survey, ResponseSubmission Submission)
{
    public (long, string) Key => (WorkspaceId, Submission.ResponseId);
}

/// <summary>
/// The set-based path of the response group commit: the responses of a group that are new
/// (their id is not stored; the first of a repeated id) are staged with the appender and
/// inserted with one statement per table (responses, answers, webhook deliveries), instead of
/// five statements each. Responses that resume a stored one take the one-by-one path.
/// </summary>
internal static class ResponseBulk
{
    private static readonly string[] IdColumns = ["workspace_id", "id"];
    private static readonly string[] ResponseColumns = ["workspace_id", "id", "survey_id", "survey_version", "customer_id", "status", "touchpoint_id", "stage_id", "channel", "locale", "started_at", "completed_at"];
    private static readonly string[] AnswerColumns = ["workspace_id", "response_id", "question_id", "value_number", "value_text", "survey_id", "customer_id", "touchpoint_id", "stage_id", "channel", "answered_at"];
    private static readonly string[] HookColumns = ["workspace_id", "ref", "payload"];

    public static void CreateStaging(SqlDialect dialect, DbConnection connection)
    {
        dialect.CreateStagingTable(connection, "stage_response_ids", "workspace_id BIGINT, id TEXT");
        dialect.CreateStagingTable(connection, "stage_responses",
            "workspace_id BIGINT, id TEXT, survey_id BIGINT, survey_version INTEGER, customer_id TEXT, status TEXT, touchpoint_id BIGINT, stage_id BIGINT, channel TEXT, locale TEXT, started_at {{ts}}, completed_at {{ts}}");
        dialect.CreateStagingTable(connection, "stage_answers",
            "workspace_id BIGINT, response_id TEXT, question_id TEXT, value_number DOUBLE PRECISION, value_text TEXT, survey_id BIGINT, customer_id TEXT, touchpoint_id BIGINT, stage_id BIGINT, channel TEXT, answered_at {{ts}}");
        dialect.CreateStagingTable(connection, "stage_response_hooks", "workspace_id BIGINT, ref TEXT, payload TEXT");
    }

    /// <summary>
    /// The responses of the group that can take the set-based path, by position (the first of each id
    /// not stored), and the ids stored complete already (nothing to do for them).
    /// </summary>
    public static (HashSet<int> Fresh, HashSet<(long, string)> Complete) New(SqlDialect dialect, DbConnection connection, DbTransaction transaction, IReadOnlyList<QueuedResponse> group)
    {
        dialect.ClearStaging(connection, transaction, "stage_response_ids", "stage_responses", "stage_answers", "stage_response_hooks");
        dialect.BulkLoad(connection, "stage_response_ids", IdColumns, rows =>
        {
            foreach (var r in group)
            {
                rows.BigInt(r.WorkspaceId).Text(r.Submission.ResponseId).EndRow();
            }
        });
        var stored = connection.Query<(long WorkspaceId, string Id, string Status)>(dialect.Sql($"""
            SELECT r.workspace_id, r.id, r.status FROM responses r JOIN {dialect.Staging("stage_response_ids")} s ON s.workspace_id = r.workspace_id AND s.id = r.id
            """), transaction: transaction).ToList();
        var known = stored.Select(r => (r.WorkspaceId, r.Id)).ToHashSet();
        var first = new HashSet<(long, string)>();
        return (Enumerable.Range(0, group.Count).Where(i => !known.Contains(group[i].Key) && first.Add(group[i].Key)).ToHashSet(),
            stored.Where(r => r.Status == "complete").Select(r => (r.WorkspaceId, r.Id)).ToHashSet());
    }

    /// <summary>Inserts the new responses with their answers and webhook deliveries; each one's outcome is Complete or Partial.</summary>
    public static void Insert(SqlDialect dialect, DbConnection connection, DbTransaction transaction, IReadOnlyList<QueuedResponse> responses, DateTime now)
    {
        dialect.BulkLoad(connection, "stage_responses", ResponseColumns, rows =>
        {
            foreach (var (ws, survey, s) in responses)
            {
                rows.BigInt(ws).Text(s.ResponseId).BigInt(survey.Id).Whole(survey.Version).Text(s.CustomerId).Text(s.Status)
                    .BigInt(survey.TouchpointId).BigInt(survey.StageId).Text(s.Channel).Text(s.Locale).Instant(now).Instant(s.Complete ? now : null)
                    .EndRow();
            }
        });
        dialect.BulkLoad(connection, "stage_answers", AnswerColumns, rows =>
        {
            foreach (var (ws, survey, s) in responses)
            {
                foreach (var (question, answer) in s.Answers.Where(a => !a.Value.IsEmpty))
                {
                    rows.BigInt(ws).Text(s.ResponseId).Text(question).Real(answer.Number).Text(CairnStore.StoredText(answer))
                        .BigInt(survey.Id).Text(s.CustomerId).BigInt(survey.TouchpointId).BigInt(survey.StageId).Text(s.Channel).Instant(now)
                        .EndRow();
                }
            }
        });
        dialect.BulkLoad(connection, "stage_response_hooks", HookColumns, rows =>
        {
            foreach (var (ws, survey, s) in responses.Where(r => r.Submission.Complete))
            {
                rows.BigInt(ws).Text(s.ResponseId).Text(CairnStore.CompletedPayload(ws, survey, s, now)).EndRow();
            }
        });

        var responseColumns = string.Join(", ", ResponseColumns);
        var answerColumns = string.Join(", ", AnswerColumns);
        connection.Execute(dialect.Sql($"""
            INSERT INTO responses ({responseColumns}) SELECT {responseColumns} FROM {dialect.Staging("stage_responses")};
            INSERT INTO answers ({answerColumns}) SELECT {answerColumns} FROM {dialect.Staging("stage_answers")};
            {ScoreRollup.Added("TRUE", dialect.Staging("stage_answers"))};
            INSERT INTO webhook_deliveries (workspace_id, webhook_id, event, ref, payload, status, attempts, next_attempt_at, created_at)
            SELECT w.workspace_id, w.id, @eventName, h.ref, h.payload, 'queued', 0, @now, @now
            FROM {dialect.Staging("stage_response_hooks")} h JOIN webhooks w ON w.workspace_id = h.workspace_id
            WHERE w.enabled AND (',' || w.events || ',') LIKE @pattern;
            """), new { now, eventName = Core.Outbound.WebhookEvents.ResponseCompleted, pattern = "%," + Core.Outbound.WebhookEvents.ResponseCompleted + ",%" }, transaction);
    }
}
