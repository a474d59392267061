using Dapper;

namespace Cairn.Storage;

/// <summary>A saved insight and its evidence; <see cref="Verbatims"/> holds the quoted feedback still stored (an erased customer's words are gone).</summary>
public sealed record InsightRow(
    long Id, string Title, string Finding, string? Metric, string? MetricBy, double? MetricValue, double? MetricLow, double? MetricHigh, long? MetricN,
    string? Owner, long? InitiativeId, string? Initiative, DateTime CreatedAt, string CreatedBy)
{
    public IReadOnlyList<InsightVerbatim> Verbatims { get; init; } = [];
}

public sealed record InsightVerbatim(string FeedbackId, string? Text, double? Sentiment, string Source, DateTime At);

/// <summary>What an analyst saves; the metric snapshot is taken by the caller when saving.</summary>
public sealed record InsightDraft(string Title, string Finding, string? Metric, string? MetricBy, double? MetricValue, double? MetricLow, double? MetricHigh, long? MetricN,
    string? Owner, long? InitiativeId, IReadOnlyList<string> FeedbackIds);

public sealed partial class CairnStore
{
    /// <summary>Feedback ids of the list that are not this workspace's (one query; the list is short).</summary>
    public async Task<IReadOnlyList<string>> UnknownFeedbackAsync(long workspaceId, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { workspaceId });
        var names = SqlInList.Of(parameters, "f", distinct);
        using var connection = Connect();
        var found = (await connection.QueryAsync<string>(Dialect.Sql($"SELECT id FROM feedback WHERE workspace_id = @workspaceId AND id IN ({names})"), parameters))
            .ToHashSet(StringComparer.Ordinal);
        return [.. distinct.Where(id => !found.Contains(id))];
    }

    /// <summary>Customer ids of the list that are not this workspace's, checked a thousand at a time.</summary>
    public async Task<IReadOnlyList<string>> UnknownCustomersAsync(long workspaceId, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var unknown = new List<string>();
        using var connection = Connect();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var parameters = new DynamicParameters(new { workspaceId });
            var names = string.Join(", ", chunk.Select((id, i) =>
            {
                parameters.Add($"c{i}", id);
                return $"@c{i}";
            }));
            var found = (await connection.QueryAsync<string>(Dialect.Sql($"SELECT external_id FROM customers WHERE workspace_id = @workspaceId AND external_id IN ({names})"), parameters))
                .ToHashSet(StringComparer.Ordinal);
            unknown.AddRange(chunk.Where(id => !found.Contains(id)));
        }

        return unknown;
    }

    public async Task<long> SaveInsightAsync(long workspaceId, InsightDraft draft, string actor)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var id = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            INSERT INTO insights (workspace_id, title, finding, metric, metric_by, metric_value, metric_low, metric_high, metric_n, owner, initiative_id, created_at, created_by)
            VALUES (@workspaceId, @Title, @Finding, @Metric, @MetricBy, @MetricValue, @MetricLow, @MetricHigh, @MetricN, @Owner, @InitiativeId, @now, @actor)
            RETURNING id
            """), new { workspaceId, draft.Title, draft.Finding, draft.Metric, draft.MetricBy, draft.MetricValue, draft.MetricLow, draft.MetricHigh, draft.MetricN, draft.Owner,
            draft.InitiativeId, now = UtcNow, actor }, transaction);
        foreach (var feedbackId in draft.FeedbackIds.Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(Dialect.Sql("INSERT INTO insight_verbatims (workspace_id, insight_id, feedback_id) VALUES (@workspaceId, @id, @feedbackId)"),
                new { workspaceId, id, feedbackId }, transaction);
        }

        transaction.Commit();
        return id;
    }

    public async Task<IReadOnlyList<InsightRow>> InsightsAsync(long workspaceId)
    {
        var rows = await QueryAsync<InsightRow>("""
            SELECT i.id, i.title, i.finding, i.metric, i.metric_by AS MetricBy, i.metric_value AS MetricValue, i.metric_low AS MetricLow, i.metric_high AS MetricHigh,
                   i.metric_n AS MetricN, i.owner, i.initiative_id AS InitiativeId, n.title AS Initiative, i.created_at AS CreatedAt, i.created_by AS CreatedBy
            FROM insights i LEFT JOIN initiatives n ON n.workspace_id = i.workspace_id AND n.id = i.initiative_id
            WHERE i.workspace_id = @workspaceId ORDER BY i.created_at DESC, i.id DESC
            """, new { workspaceId });
        var verbatims = (await QueryAsync<(long InsightId, string FeedbackId, string? Text, double? Sentiment, string Source, DateTime At)>("""
            SELECT v.insight_id, v.feedback_id, f.text, f.sentiment_score, f.source, f.occurred_at
            FROM insight_verbatims v JOIN feedback f ON f.workspace_id = v.workspace_id AND f.id = v.feedback_id
            WHERE v.workspace_id = @workspaceId ORDER BY f.occurred_at DESC
            """, new { workspaceId })).ToLookup(v => v.InsightId);
        return [.. rows.Select(r => r with { Verbatims = [.. verbatims[r.Id].Select(v => new InsightVerbatim(v.FeedbackId, v.Text, v.Sentiment, v.Source, DateTime.SpecifyKind(v.At, DateTimeKind.Utc)))] })];
    }

    public async Task<bool> DeleteInsightAsync(long workspaceId, long id)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM insight_verbatims WHERE workspace_id = @workspaceId AND insight_id = @id"), new { workspaceId, id }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM strategy_evidence WHERE workspace_id = @workspaceId AND insight_id = @id"), new { workspaceId, id }, transaction);
        var deleted = await connection.ExecuteAsync(Dialect.Sql("DELETE FROM insights WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }, transaction);
        transaction.Commit();
        return deleted > 0;
    }
}
