using Cairn.Core.Privacy;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage;

/// <summary>A workspace's retention policy as stored, with who set it.</summary>
public sealed record RetentionRow(string Kind, int Days, string Action, DateTime UpdatedAt, string UpdatedBy);

public sealed partial class CairnStore
{
    private const string OldResponses = "SELECT id FROM responses WHERE workspace_id = @workspaceId AND COALESCE(completed_at, started_at) < @cutoff";
    private const string OldComments = $"SELECT id FROM feedback WHERE workspace_id = @workspaceId AND source = 'survey_comment' AND response_id IN ({OldResponses})";
    private const string OldAnswers = $"a.workspace_id = @workspaceId AND a.response_id IN ({OldResponses})";
    private const string OldFeedback = "SELECT id FROM feedback WHERE workspace_id = @workspaceId AND occurred_at < @cutoff";
    private const string OldCases = "SELECT id FROM cases WHERE workspace_id = @workspaceId AND status = 'resolved' AND closed_at < @cutoff";

    /// <summary>
    /// The statements that apply a policy, children first; the last one's row count is what the
    /// policy did. Anonymising keeps each row for the figures (scores, sentiment, themes, when and
    /// where) and drops the customer link and the words, including theme evidence spans.
    /// </summary>
    private static string[] RetentionStatements(string kind, string action) => (kind, action) switch
    {
        ("events", RetentionKinds.Delete) =>
        [
            // The journey analytics index re-orders these customers' remaining steps on its next use.
            "INSERT INTO path_dirty (workspace_id, customer_id) SELECT DISTINCT workspace_id, customer_id FROM events WHERE workspace_id = @workspaceId AND ts < @cutoff",
            "DELETE FROM events WHERE workspace_id = @workspaceId AND ts < @cutoff",
        ],
        ("feedback", RetentionKinds.Delete) =>
        [
            $"DELETE FROM feedback_themes WHERE workspace_id = @workspaceId AND feedback_id IN ({OldFeedback})",
            "DELETE FROM feedback WHERE workspace_id = @workspaceId AND occurred_at < @cutoff",
        ],
        ("feedback", RetentionKinds.Anonymise) =>
        [
            $"UPDATE feedback_themes SET evidence = NULL WHERE workspace_id = @workspaceId AND evidence IS NOT NULL AND feedback_id IN ({OldFeedback})",
            """
            UPDATE feedback SET customer_id = NULL, title = NULL, text = NULL, properties = NULL
            WHERE workspace_id = @workspaceId AND occurred_at < @cutoff AND (customer_id IS NOT NULL OR title IS NOT NULL OR text IS NOT NULL OR properties IS NOT NULL)
            """,
        ],
        ("responses", RetentionKinds.Delete) =>
        [
            $"DELETE FROM feedback_themes WHERE workspace_id = @workspaceId AND feedback_id IN ({OldComments})",
            $"DELETE FROM feedback WHERE workspace_id = @workspaceId AND id IN ({OldComments})",
            ScoreRollup.Taken(OldAnswers),
            $"DELETE FROM answers WHERE workspace_id = @workspaceId AND response_id IN ({OldResponses})",
            "DELETE FROM responses WHERE workspace_id = @workspaceId AND COALESCE(completed_at, started_at) < @cutoff",
        ],
        ("responses", RetentionKinds.Anonymise) =>
        [
            $"UPDATE feedback_themes SET evidence = NULL WHERE workspace_id = @workspaceId AND evidence IS NOT NULL AND feedback_id IN ({OldComments})",
            $"UPDATE feedback SET customer_id = NULL, text = NULL, properties = NULL WHERE workspace_id = @workspaceId AND id IN ({OldComments}) AND (customer_id IS NOT NULL OR text IS NOT NULL)",
            // Unlinked from the customer, an answer leaves its segment for "(none)" in the rollup.
            ScoreRollup.Taken(OldAnswers),
            $"UPDATE answers SET customer_id = NULL, value_text = NULL WHERE workspace_id = @workspaceId AND response_id IN ({OldResponses}) AND (customer_id IS NOT NULL OR value_text IS NOT NULL)",
            ScoreRollup.Added(OldAnswers),
            "UPDATE responses SET customer_id = NULL WHERE workspace_id = @workspaceId AND COALESCE(completed_at, started_at) < @cutoff AND customer_id IS NOT NULL",
        ],
        ("cases", RetentionKinds.Delete) =>
        [
            $"DELETE FROM case_notes WHERE workspace_id = @workspaceId AND case_id IN ({OldCases})",
            $"DELETE FROM outbox WHERE workspace_id = @workspaceId AND case_id IN ({OldCases})",
            "DELETE FROM cases WHERE workspace_id = @workspaceId AND status = 'resolved' AND closed_at < @cutoff",
        ],
        ("audit_log", RetentionKinds.Delete) => ["DELETE FROM audit_log WHERE workspace_id = @workspaceId AND logged_at < @cutoff"],
        _ => throw new ArgumentException($"no retention for {kind} by {action}"),
    };

    public Task<IReadOnlyList<RetentionRow>> RetentionPoliciesAsync(long workspaceId) =>
        QueryAsync<RetentionRow>("SELECT kind, days, action, updated_at AS UpdatedAt, updated_by AS UpdatedBy FROM retention_policies WHERE workspace_id = @workspaceId ORDER BY kind",
            new { workspaceId });

    /// <summary>Sets (or, with null, removes) the policy of a kind; audited.</summary>
    public async Task SetRetentionPolicyAsync(long workspaceId, string kind, RetentionPolicy? policy, string actor)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM retention_policies WHERE workspace_id = @workspaceId AND kind = @kind"), new { workspaceId, kind }, transaction);
        if (policy is not null)
        {
            await connection.ExecuteAsync(Dialect.Sql("""
                INSERT INTO retention_policies (workspace_id, kind, days, action, updated_at, updated_by) VALUES (@workspaceId, @Kind, @Days, @Action, @now, @actor)
                """), new { workspaceId, policy.Kind, policy.Days, policy.Action, now = UtcNow, actor }, transaction);
        }

        await LogAsync(connection, transaction, workspaceId, actor, policy is null ? "retention.removed" : "retention.set", kind,
            policy is null ? null : System.Text.Json.JsonSerializer.Serialize(new { days = policy.Days, action = policy.Action }));
        transaction.Commit();
    }

    /// <summary>
    /// Applies every policy of the workspace as of <paramref name="now"/>, one transaction per
    /// kind; returns the rows each deleted or anonymised. Running it again the same day finds
    /// nothing new. A run that changed anything is written to the audit log.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> ApplyRetentionAsync(long workspaceId, DateTime now, string actor)
    {
        var done = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var policy in await RetentionPoliciesAsync(workspaceId))
        {
            var cutoff = now.AddDays(-policy.Days);
            using var connection = Connect();
            using var transaction = connection.BeginTransaction();
            long rows = 0;
            foreach (var statement in RetentionStatements(policy.Kind, policy.Action))
            {
                rows = await connection.ExecuteAsync(Dialect.Sql(statement), new { workspaceId, cutoff }, transaction);
            }

            transaction.Commit();
            done[$"{policy.Kind}.{(policy.Action == RetentionKinds.Delete ? "deleted" : "anonymised")}"] = rows;
        }

        if (done.Values.Any(n => n > 0))
        {
            await AuditAsync(workspaceId, actor, "retention.applied", null, System.Text.Json.JsonSerializer.Serialize(done));
        }

        return done;
    }
}
