namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Per theme, the feedback items about us that mention it in two periods, and how many items
    /// each period has in all: what a review needs to say which themes rose or fell.
    /// </summary>
    public async Task<(long Before, long After, IReadOnlyList<(string Theme, long Before, long After)> Themes)> ThemeShiftsAsync(
        long workspaceId, DateTime beforeFrom, DateTime afterFrom, DateTime afterTo)
    {
        var parameters = new { workspaceId, beforeFrom, afterFrom, afterTo };
        var totals = (await QueryAsync<(long Before, long After)>("""
            SELECT CAST(COALESCE(sum(CASE WHEN occurred_at < @afterFrom THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(sum(CASE WHEN occurred_at >= @afterFrom THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM feedback WHERE workspace_id = @workspaceId AND competitor IS NULL AND occurred_at >= @beforeFrom AND occurred_at < @afterTo
            """, parameters)).Single();
        var themes = await QueryAsync<(string Theme, long Before, long After)>("""
            SELECT h.name, CAST(sum(CASE WHEN f.occurred_at < @afterFrom THEN 1 ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN f.occurred_at >= @afterFrom THEN 1 ELSE 0 END) AS BIGINT)
            FROM feedback f
            JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
            JOIN themes h ON h.workspace_id = f.workspace_id AND h.id = ft.theme_id
            WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.occurred_at >= @beforeFrom AND f.occurred_at < @afterTo
            GROUP BY h.name
            """, parameters);
        return (totals.Before, totals.After, themes);
    }
}
