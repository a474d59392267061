using Cairn.Core.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Tallies review ratings per company (a null competitor is us), rescaled to 1-5 stars whatever
    /// scale each review used; Good counts 4-5 stars, Bad 1-2.
    /// </summary>
    public async Task<IReadOnlyList<(string? Competitor, ScoreTally Tally)>> TallyReviewRatingsAsync(long workspaceId, DateTime? from, DateTime? to)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(string? Competitor, long N, double Total, double Squares, long Good, long Bad)>(Dialect.Sql("""
            SELECT competitor, count(*), sum(stars), sum(stars * stars),
                   sum(CASE WHEN stars >= 4 THEN 1 ELSE 0 END), sum(CASE WHEN stars <= 2 THEN 1 ELSE 0 END)
            FROM (
                SELECT competitor, 1 + 4 * (rating - 1) / (COALESCE(rating_scale, 5) - 1) AS stars
                FROM feedback
                WHERE workspace_id = @workspaceId AND source = 'review' AND rating IS NOT NULL AND COALESCE(rating_scale, 5) > 1
                  AND (CAST(@from AS {{ts}}) IS NULL OR occurred_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR occurred_at < @to)
            ) r
            GROUP BY competitor
            """), new { workspaceId, from, to });
        return rows.Select(r => (r.Competitor, new ScoreTally(r.N, r.Total, r.Squares, r.Good, r.Bad))).ToList();
    }
}
