using Cairn.Core.Drivers;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// The sums a key-driver analysis of NPS by theme needs, computed in SQL: one observation per
    /// NPS answer in the window (y = the score), one driver per theme (x = 1 when the answering
    /// customer raised the theme in the window, else 0). Products of binary drivers are counts,
    /// so Σxᵢxⱼ is "answers by customers who raised both".
    /// </summary>
    public async Task<DriverMoments> ThemeDriverMomentsAsync(long workspaceId, DateTime? from, DateTime? to)
    {
        var themes = await ThemesAsync(workspaceId);
        var position = themes.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var moments = new DriverMoments(themes.Select(t => t.Name).ToList());
        const string windows = """
            WITH scores AS (
                SELECT customer_id, value_number AS y FROM answers
                WHERE workspace_id = @workspaceId AND question_id = 'nps' AND value_number BETWEEN 0 AND 10 AND customer_id IS NOT NULL
                  AND (CAST(@from AS {{ts}}) IS NULL OR answered_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR answered_at < @to)
            ), raised AS (
                SELECT DISTINCT f.customer_id, ft.theme_id
                FROM feedback_themes ft JOIN feedback f ON f.workspace_id = ft.workspace_id AND f.id = ft.feedback_id
                WHERE ft.workspace_id = @workspaceId AND f.customer_id IS NOT NULL AND f.competitor IS NULL
                  AND (CAST(@from AS {{ts}}) IS NULL OR f.occurred_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR f.occurred_at < @to)
            )
            """;
        var parameters = new { workspaceId, from, to };
        using var connection = Connect();
        var (n, sumY, sumYY) = await connection.QuerySingleAsync<(long, double?, double?)>(Dialect.Sql(windows + "SELECT count(*), sum(y), sum(y * y) FROM scores"), parameters);
        moments.N = n;
        moments.SumY = sumY ?? 0;
        moments.SumYY = sumYY ?? 0;
        var singles = await connection.QueryAsync<(long Theme, long Count, double SumY)>(Dialect.Sql(windows + """
            SELECT r.theme_id, count(*), sum(s.y) FROM scores s JOIN raised r ON r.customer_id = s.customer_id GROUP BY r.theme_id
            """), parameters);
        foreach (var (theme, count, y) in singles)
        {
            if (position.TryGetValue(theme, out var i))
            {
                moments.SumX[i] = count;
                moments.SumXY[i] = y;
            }
        }

        var pairs = await connection.QueryAsync<(long A, long B, long Count)>(Dialect.Sql(windows + """
            SELECT a.theme_id, b.theme_id, count(*)
            FROM scores s JOIN raised a ON a.customer_id = s.customer_id JOIN raised b ON b.customer_id = s.customer_id
            GROUP BY a.theme_id, b.theme_id
            """), parameters);
        foreach (var (a, b, count) in pairs)
        {
            if (position.TryGetValue(a, out var i) && position.TryGetValue(b, out var j))
            {
                moments.SumXX[i, j] = count;
            }
        }

        return moments;
    }
}
