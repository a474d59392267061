namespace Cairn.Storage;

/// <summary>Counts of what a workspace holds (<c>GET /api/v1/stats</c>). Field names are public surface.</summary>
public sealed record WorkspaceStats(long Customers, long Events, long Feedback, long Surveys, long Responses);

public sealed partial class CairnStore
{
    /// <summary>Counted in the database, one round trip; never loads the rows.</summary>
    public async Task<WorkspaceStats> GetStatsAsync(long workspaceId) =>
        (await QuerySingleOrDefaultAsync<WorkspaceStats>(
            """
            SELECT
              (SELECT count(*) FROM customers WHERE workspace_id = @workspaceId) AS Customers,
              (SELECT count(*) FROM events WHERE workspace_id = @workspaceId) AS Events,
              (SELECT count(*) FROM feedback WHERE workspace_id = @workspaceId) AS Feedback,
              (SELECT count(*) FROM surveys WHERE workspace_id = @workspaceId) AS Surveys,
              (SELECT count(*) FROM responses WHERE workspace_id = @workspaceId) AS Responses
            """,
            new { workspaceId }))!;
}
