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
        // Customers, not answers, meet themes: each customer's answers are counted and summed once,
        // so the joins below see one row per customer rather than one per answer.
        const string windows = ScoresAndRaised + ", scored AS (SELECT customer_id, count(*) AS n, sum(score) AS y FROM scores GROUP BY customer_id)\n";
        var parameters = new { workspaceId, from, to };
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        if (Dialect.Engine == StorageEngine.Postgres)
        {
            // PostgreSQL has no statistics on the CTEs and joined them in nested loops: 200,000
            // answers took over 30 s. Hash joins are right at every size here.
            await connection.ExecuteAsync("SET LOCAL enable_nestloop = off", transaction: transaction);
        }

        var (n, sumY, sumYY) = await connection.QuerySingleAsync<(long, double?, double?)>(Dialect.Sql(windows + "SELECT count(*), sum(score), sum(score * score) FROM scores"), parameters, transaction);
        moments.N = n;
        moments.SumY = sumY ?? 0;
        moments.SumYY = sumYY ?? 0;
        var singles = await connection.QueryAsync<(long Theme, long Count, double SumY)>(Dialect.Sql(windows + """
            SELECT r.theme_id, CAST(sum(s.n) AS BIGINT), sum(s.y) FROM scored s JOIN raised r ON r.customer_id = s.customer_id GROUP BY r.theme_id
            """), parameters, transaction);
        foreach (var (theme, count, y) in singles)
        {
            if (position.TryGetValue(theme, out var i))
            {
                moments.SumX[i] = count;
                moments.SumXY[i] = y;
            }
        }

        var pairs = await connection.QueryAsync<(long A, long B, long Count)>(Dialect.Sql(windows + """
            SELECT a.theme_id, b.theme_id, CAST(sum(s.n) AS BIGINT)
            FROM scored s JOIN raised a ON a.customer_id = s.customer_id JOIN raised b ON b.customer_id = s.customer_id
            GROUP BY a.theme_id, b.theme_id
            """), parameters, transaction);
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
