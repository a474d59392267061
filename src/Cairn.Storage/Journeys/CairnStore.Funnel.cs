using System.Globalization;
using System.Text;
using Cairn.Core.Journeys.Paths;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// An ordered funnel with a conversion window, in one query: one CTE per required step (each
    /// customer's first occurrence after the previous required step, within the window from entry),
    /// and per optional step the customers who did it between the required steps around it.
    /// Semantics match <see cref="InMemoryPaths.Funnel"/>.
    /// </summary>
    public async Task<FunnelResult> FunnelAsync(long workspaceId, long? journeyId, FunnelDefinition funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var steps = funnel.Steps;
        var parameters = new DynamicParameters(new { workspaceId, journeyId = journeyId ?? 0, from = funnel.From, to = funnel.To, window = funnel.Window.TotalSeconds });
        for (var k = 0; k < steps.Count; k++)
        {
            parameters.Add("s" + k.ToString(CultureInfo.InvariantCulture), steps[k].Name);
        }

        var names = string.Join(", ", steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Select(n => "@s" + Index(steps, n)));
        var sql = new StringBuilder("WITH ").Append(StepsCte(new PathScope(funnel.Level, false, funnel.From, funnel.To), names)).Append(",\n");
        sql.Append("f0 AS (SELECT c, min(t) AS t, min(t) AS t0, CAST(NULL AS DOUBLE PRECISION) AS d FROM steps WHERE a = @s0 GROUP BY c)");
        for (var k = 1; k < steps.Count; k++)
        {
            if (steps[k].Optional)
            {
                continue;
            }

            var p = InMemoryPaths.PreviousRequired(steps, k);
            sql.Append(CultureInfo.InvariantCulture, $"""
                ,
                f{k} AS (
                    SELECT p.c, min(s.t) AS t, p.t0, min(s.t) - p.t AS d
                    FROM f{p} p JOIN steps s ON s.c = p.c AND s.a = @s{k} AND s.t >= p.t AND s.t <= p.t0 + @window
                    GROUP BY p.c, p.t, p.t0)
                """);
        }

        var counts = new List<string>();
        for (var k = 0; k < steps.Count; k++)
        {
            if (!steps[k].Optional)
            {
                counts.Add($"SELECT {k} AS k, count(*) AS reached, count(*) AS passed, {Dialect.Percentile("d", 0.5)} AS median FROM f{k}");
                continue;
            }

            var p = InMemoryPaths.PreviousRequired(steps, k);
            var q = InMemoryPaths.NextRequired(steps, k);
            sql.Append(CultureInfo.InvariantCulture, $"""
                ,
                o{k} AS (
                    SELECT p.c, min(s.t) - p.t AS d
                    FROM f{p} p LEFT JOIN f{q} nx ON nx.c = p.c
                    JOIN steps s ON s.c = p.c AND s.a = @s{k} AND s.t >= p.t AND s.t <= COALESCE(nx.t, p.t0 + @window)
                    GROUP BY p.c, p.t)
                """);
            counts.Add($"SELECT {k} AS k, (SELECT count(*) FROM o{k}) AS reached, (SELECT count(*) FROM f{p}) AS passed, (SELECT {Dialect.Percentile("d", 0.5)} FROM o{k}) AS median");
        }

        sql.Append('\n').AppendJoin("\nUNION ALL ", counts).Append("\nORDER BY k");
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        if (Dialect.Engine == StorageEngine.Postgres)
        {
            // PostgreSQL guesses 200 rows for each grouped step (it has no statistics on a CTE) and
            // then joins them to every step in a nested loop: 100,000 customers took over 30 s. A
            // hash join is right for every size here, so the nested loop is ruled out for this query.
            await connection.ExecuteAsync("SET LOCAL enable_nestloop = off", transaction: transaction);
        }

        var rows = (await connection.QueryAsync<(int K, long Reached, long Passed, double? Median)>(Dialect.Sql(sql.ToString()), parameters, transaction)).ToList();
        transaction.Commit();
        return FunnelResult.From(funnel, rows.Select(r => (r.Reached, r.Passed, r.Median)).ToList());
    }

    private static int Index(IReadOnlyList<FunnelStep> steps, string name)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (string.Equals(steps[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
