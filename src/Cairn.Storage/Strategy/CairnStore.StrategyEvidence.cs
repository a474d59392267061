using Dapper;

namespace Cairn.Storage;

/// <summary>A saved insight linked as evidence for one of the strategy's tests, with the metric it recorded.</summary>
public sealed record StrategyEvidenceRow(string Test, long InsightId, string Title, string Finding, string? Metric, string? MetricBy, double? MetricValue,
    double? MetricLow, double? MetricHigh, long? MetricN, long Verbatims, DateTime SavedAt);

public sealed partial class CairnStore
{
    /// <summary>The strategy's three tests: grounded in insight, differentiated, achievable (DOMAIN.md, CX strategy).</summary>
    public static readonly IReadOnlyList<string> StrategyTests = ["grounded", "differentiated", "achievable"];

    public async Task<IReadOnlyList<StrategyEvidenceRow>> StrategyEvidenceAsync(long workspaceId)
    {
        var rows = await QueryAsync<StrategyEvidenceRow>("""
            SELECT e.test, i.id AS InsightId, i.title, i.finding, i.metric, i.metric_by AS MetricBy, i.metric_value AS MetricValue, i.metric_low AS MetricLow,
                   i.metric_high AS MetricHigh, i.metric_n AS MetricN,
                   (SELECT count(*) FROM insight_verbatims v WHERE v.workspace_id = i.workspace_id AND v.insight_id = i.id) AS Verbatims,
                   i.created_at AS SavedAt
            FROM strategy_evidence e JOIN insights i ON i.workspace_id = e.workspace_id AND i.id = e.insight_id
            WHERE e.workspace_id = @workspaceId
            ORDER BY e.test, i.created_at DESC
            """, new { workspaceId });
        return [.. rows.Select(r => r with { SavedAt = DateTime.SpecifyKind(r.SavedAt, DateTimeKind.Utc) })];
    }

    /// <summary>Links (or unlinks) an insight as evidence for a test; false when the insight is not the workspace's.</summary>
    public async Task<bool> SetStrategyEvidenceAsync(long workspaceId, string test, long insightId, bool linked, string actor)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var known = await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM insights WHERE workspace_id = @workspaceId AND id = @insightId"),
            new { workspaceId, insightId }, transaction);
        if (known == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(Dialect.Sql(linked
            ? "INSERT INTO strategy_evidence (workspace_id, test, insight_id) VALUES (@workspaceId, @test, @insightId) ON CONFLICT DO NOTHING"
            : "DELETE FROM strategy_evidence WHERE workspace_id = @workspaceId AND test = @test AND insight_id = @insightId"), new { workspaceId, test, insightId }, transaction);
        await LogAsync(connection, transaction, workspaceId, actor, linked ? "strategy.evidence_linked" : "strategy.evidence_unlinked", null,
            System.Text.Json.JsonSerializer.Serialize(new { test, insightId }));
        transaction.Commit();
        return true;
    }
}
