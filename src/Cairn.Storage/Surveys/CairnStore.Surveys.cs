using Cairn.Core.Surveys;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>Creates a survey with its first definition version; returns its id.</summary>
    public long CreateSurvey(long workspaceId, string name, SurveyKind kind, long? touchpointId, string definitionJson)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var id = connection.ExecuteScalar<long>(
            Dialect.Sql("INSERT INTO surveys (workspace_id, name, kind, touchpoint_id, status, current_version, created_at) VALUES (@workspaceId, @name, @kind, @touchpointId, 'active', 1, @now) RETURNING id"),
            new { workspaceId, name, kind = kind.ToString().ToLowerInvariant(), touchpointId, now = UtcNow }, transaction);
        connection.Execute(
            Dialect.Sql("INSERT INTO survey_versions (workspace_id, survey_id, version, definition, created_at) VALUES (@workspaceId, @id, 1, CAST(@definitionJson AS {{json}}), @now)"),
            new { workspaceId, id, definitionJson, now = UtcNow }, transaction);
        transaction.Commit();
        return id;
    }

    /// <summary>
    /// Bulk-writes responses and their answers in one transaction (imports and the demo); an id
    /// already stored is skipped whole (so a re-run adds nothing twice), as is a repeat of an id or
    /// of a question within the list (the first wins). Returns how many were new.
    /// </summary>
    public int ImportResponses(long workspaceId, IReadOnlyList<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        responses = responses.DistinctBy(r => r.Id, StringComparer.Ordinal).ToList();
        using var connection = Connect();
        Dialect.CreateStagingTable(connection, "stage_responses",
            "id TEXT, survey_id BIGINT, survey_version INTEGER, customer_id TEXT, status TEXT, touchpoint_id BIGINT, stage_id BIGINT, channel TEXT, locale TEXT, started_at {{ts}}, completed_at {{ts}}");
        Dialect.CreateStagingTable(connection, "stage_answers", "response_id TEXT, question_id TEXT, value_number DOUBLE PRECISION, value_text TEXT");
        Dialect.CreateStagingTable(connection, "stage_new_ids", "id TEXT");
        using var transaction = connection.BeginTransaction();
        Dialect.BulkLoad(connection, "stage_responses", ["id", "survey_id", "survey_version", "customer_id", "status", "touchpoint_id", "stage_id", "channel", "locale", "started_at", "completed_at"], rows =>
        {
            foreach (var r in responses)
            {
                rows.Text(r.Id).BigInt(r.SurveyId).Whole(r.SurveyVersion).Text(r.CustomerId).Text(r.Complete ? "complete" : "partial")
                    .BigInt(r.TouchpointId).BigInt(r.StageId).Text(r.Channel).Text(r.Locale).Instant(r.StartedAt).Instant(r.CompletedAt).EndRow();
            }
        });
        Dialect.BulkLoad(connection, "stage_answers", ["response_id", "question_id", "value_number", "value_text"], rows =>
        {
            foreach (var r in responses)
            {
                foreach (var a in r.Answers.DistinctBy(a => a.QuestionId, StringComparer.Ordinal))
                {
                    rows.Text(r.Id).Text(a.QuestionId).Real(a.Number).Text(a.Text).EndRow();
                }
            }
        });
        var added = connection.Query<string>(Dialect.Sql("""
            INSERT INTO responses (workspace_id, id, survey_id, survey_version, customer_id, status, touchpoint_id, stage_id, channel, locale, started_at, completed_at)
            SELECT @workspaceId, id, survey_id, survey_version, customer_id, status, touchpoint_id, stage_id, channel, locale, started_at, completed_at FROM stage_responses
            ON CONFLICT DO NOTHING
            RETURNING id
            """), new { workspaceId }, transaction).ToList();
        if (added.Count < responses.Count)
        {
            // Answers go only with the responses this import added: then the staged answers are
            // exactly the stored ones, and the score rollup takes them from the staging table
            // instead of searching the answers for them.
            Dialect.BulkLoad(connection, "stage_new_ids", ["id"], rows => added.ForEach(id => rows.Text(id).EndRow()));
            connection.Execute(Dialect.Sql("DELETE FROM stage_answers WHERE response_id NOT IN (SELECT id FROM stage_new_ids)"), transaction: transaction);
        }

        // Each answer carries its response's context (004_answer_context.sql) so metrics scan one table.
        const string Answers = """
            SELECT @workspaceId AS workspace_id, a.response_id, a.question_id, a.value_number, a.value_text,
                   r.survey_id, r.customer_id, r.touchpoint_id, r.stage_id, r.channel, COALESCE(r.completed_at, r.started_at) AS answered_at
            FROM stage_answers a JOIN stage_responses r ON r.id = a.response_id
            """;
        connection.Execute(Dialect.Sql($"""
            INSERT INTO answers (workspace_id, response_id, question_id, value_number, value_text, survey_id, customer_id, touchpoint_id, stage_id, channel, answered_at)
            {Answers}
            """), new { workspaceId }, transaction);
        connection.Execute(Dialect.Sql(ScoreRollup.Added("TRUE", $"({Answers})")), new { workspaceId }, transaction);
        var inserted = added.Count;
        transaction.Commit();
        return inserted;
    }
}
