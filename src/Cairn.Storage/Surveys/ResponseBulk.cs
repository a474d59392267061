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
        var stored = Stored(dialect, connection, transaction, group);
        var known = stored.Select(r => (r.WorkspaceId, r.Id)).ToHashSet();
        var first = new HashSet<(long, string)>();
        return (Enumerable.Range(0, group.Count).Where(i => !known.Contains(group[i].Key) && first.Add(group[i].Key)).ToHashSet(),
            stored.Where(r => r.Status == "complete").Select(r => (r.WorkspaceId, r.Id)).ToHashSet());
    }

    /// <summary>Which of the group's ids are stored already, with their status.</summary>
    private static List<(long WorkspaceId, string Id, string Status)> Stored(SqlDialect dialect, DbConnection connection, DbTransaction transaction, IReadOnlyList<QueuedResponse> group)
    {
        if (dialect.Engine == StorageEngine.DuckDb)
        {
            // DuckDB answers a join with the staged ids by scanning every response (zone maps cannot
            // prune random ids: 100 ms a group at ten million responses, and a store of five million
            // saved 800 responses/s); a list of constants is looked up in the id index instead (6 ms
            // for 200 ids). The group holds at most ResponseWriter.MaxPerCommit ids, below DuckDB's
            // index_scan_max_count (2,048).
            var parameters = new DynamicParameters();
            var ids = SqlInList.Of(parameters, "i", group.Select(r => r.Submission.ResponseId).Distinct(StringComparer.Ordinal));
            var keys = group.Select(r => r.Key).ToHashSet();
            return connection.Query<(long WorkspaceId, string Id, string Status)>(
                    dialect.Sql($"SELECT workspace_id, id, status FROM responses WHERE id IN ({ids})"), parameters, transaction)
                .Where(r => keys.Contains((r.WorkspaceId, r.Id)))
                .ToList();
        }

        dialect.BulkLoad(connection, "stage_response_ids", IdColumns, rows =>
        {
            foreach (var r in group)
            {
                rows.BigInt(r.WorkspaceId).Text(r.Submission.ResponseId).EndRow();
            }
        });
        return connection.Query<(long WorkspaceId, string Id, string Status)>(dialect.Sql($"""
            SELECT r.workspace_id, r.id, r.status FROM responses r JOIN {dialect.Staging("stage_response_ids")} s ON s.workspace_id = r.workspace_id AND s.id = r.id
            """), transaction: transaction).ToList();
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
        var parameters = new DynamicParameters(new { now, eventName = Core.Outbound.WebhookEvents.ResponseCompleted, pattern = "%," + Core.Outbound.WebhookEvents.ResponseCompleted + ",%" });
        connection.Execute(dialect.Sql($"""
            INSERT INTO responses ({responseColumns}) SELECT {responseColumns} FROM {dialect.Staging("stage_responses")};
            INSERT INTO answers ({answerColumns}) SELECT {answerColumns} FROM {dialect.Staging("stage_answers")};
            {ScoreRollup.Added("TRUE", dialect.Staging("stage_answers"), Customers(dialect, responses, parameters))};
            INSERT INTO webhook_deliveries (workspace_id, webhook_id, event, ref, payload, status, attempts, next_attempt_at, created_at)
            SELECT w.workspace_id, w.id, @eventName, h.ref, h.payload, 'queued', 0, @now, @now
            FROM {dialect.Staging("stage_response_hooks")} h JOIN webhooks w ON w.workspace_id = h.workspace_id
            WHERE w.enabled AND (',' || w.events || ',') LIKE @pattern;
            """), parameters, transaction);
    }

    /// <summary>
    /// The customers the score rollup joins for the group's traits. DuckDB would scan every customer
    /// for the join (12 ms a group at 500,000 customers); the group's customer ids as constants are
    /// looked up in the external-id index (031_customer_lookups.duckdb.sql) instead.
    /// </summary>
    private static string Customers(SqlDialect dialect, IReadOnlyList<QueuedResponse> responses, DynamicParameters parameters)
    {
        if (dialect.Engine != StorageEngine.DuckDb)
        {
            return "customers";
        }

        var ids = responses.Select(r => r.Submission.CustomerId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0
            ? "(SELECT * FROM customers WHERE FALSE)"
            : $"(SELECT * FROM customers WHERE external_id IN ({SqlInList.Of(parameters, "c", ids)}))";
    }
}
