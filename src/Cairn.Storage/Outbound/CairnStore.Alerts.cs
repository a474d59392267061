using System.Globalization;
using Cairn.Core.Alerts;
using Cairn.Core.Outbound;
using Dapper;

namespace Cairn.Storage;

/// <summary>An alert as stored.</summary>
public sealed record AlertRow(long Id, string Kind, string Subject, DateTime WindowStart, DateTime WindowEnd, string Title, string Detail, DateTime RaisedAt);

public sealed partial class CairnStore
{
    /// <summary>
    /// Each theme's mentions in [start, end) and in [baselineStart, start), and the feedback totals of
    /// both windows (our own feedback only; competitors' reviews are not our alerts).
    /// </summary>
    public async Task<(IReadOnlyList<Core.Alerts.ThemeCount> Themes, long CurrentTotal, long BaselineTotal)> ThemeWindowCountsAsync(long workspaceId, DateTime baselineStart, DateTime start, DateTime end)
    {
        var themes = await QueryAsync<Core.Alerts.ThemeCount>("""
            SELECT h.id AS ThemeId, h.name,
                   CAST(sum(CASE WHEN f.occurred_at >= @start THEN 1 ELSE 0 END) AS BIGINT) AS Current,
                   CAST(sum(CASE WHEN f.occurred_at < @start THEN 1 ELSE 0 END) AS BIGINT) AS Baseline
            FROM feedback_themes ft
            JOIN feedback f ON f.workspace_id = ft.workspace_id AND f.id = ft.feedback_id
            JOIN themes h ON h.workspace_id = ft.workspace_id AND h.id = ft.theme_id
            WHERE ft.workspace_id = @workspaceId AND f.competitor IS NULL AND f.occurred_at >= @baselineStart AND f.occurred_at < @end
            GROUP BY h.id, h.name
            """, new { workspaceId, baselineStart, start, end });
        var totals = (await QueryAsync<(long Current, long Baseline)>("""
            SELECT CAST(sum(CASE WHEN occurred_at >= @start THEN 1 ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN occurred_at < @start THEN 1 ELSE 0 END) AS BIGINT)
            FROM feedback WHERE workspace_id = @workspaceId AND competitor IS NULL AND occurred_at >= @baselineStart AND occurred_at < @end
            """, new { workspaceId, baselineStart, start, end })).Single();
        return (themes, totals.Current, totals.Baseline);
    }

    /// <summary>
    /// Stores an alert and queues "alert.raised" for the webhooks that want it, in one transaction;
    /// false when the same alert (kind, subject, window) was already raised.
    /// </summary>
    public async Task<bool> RaiseAlertAsync(long workspaceId, AlertDraft alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var now = UtcNow;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var exists = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            SELECT count(*) FROM alerts WHERE workspace_id = @workspaceId AND kind = @Kind AND subject = @Subject AND window_end = @WindowEnd
            """), new { workspaceId, alert.Kind, alert.Subject, alert.WindowEnd }, transaction);
        if (exists > 0)
        {
            return false;
        }

        var id = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            INSERT INTO alerts (workspace_id, kind, subject, window_start, window_end, title, detail, raised_at)
            VALUES (@workspaceId, @Kind, @Subject, @WindowStart, @WindowEnd, @Title, @Detail, @now) RETURNING id
            """), new { workspaceId, alert.Kind, alert.Subject, alert.WindowStart, alert.WindowEnd, alert.Title, alert.Detail, now }, transaction);
        var reference = id.ToString(CultureInfo.InvariantCulture);
        await EnqueueWebhookEventAsync(connection, transaction, workspaceId, WebhookEvents.AlertRaised, reference,
            WebhookPayload.Of(WebhookEvents.AlertRaised, reference, now, workspaceId, new { alertId = id, alert.Kind, alert.Subject, alert.WindowStart, alert.WindowEnd, alert.Title, alert.Detail }), now);
        transaction.Commit();
        return true;
    }

    public Task<IReadOnlyList<AlertRow>> AlertsAsync(long workspaceId, int limit = 100) =>
        QueryAsync<AlertRow>("""
            SELECT id, kind, subject, window_start AS WindowStart, window_end AS WindowEnd, title, detail, raised_at AS RaisedAt
            FROM alerts WHERE workspace_id = @workspaceId ORDER BY window_end DESC, id DESC LIMIT @limit
            """, new { workspaceId, limit });
}
