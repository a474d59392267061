using Cairn.Core.Journeys.Paths;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// Journey analytics over per-customer ordered steps, aggregated where the events live: each
/// query orders a customer's steps with window functions and returns only the aggregates.
/// </summary>
public sealed partial class CairnStore
{
    /// <summary>Unit separator: joins step names into one variant key; it cannot occur in a name a person typed.</summary>
    private const string VariantSeparator = "\u001f";

    private static readonly double[] TransitionQuantiles = [0.25, 0.5, 0.75, 0.9];

    /// <summary>
    /// SQL for the CTE <c>steps(c, a, ts, t)</c>: customer, step name at the scope's level, time and
    /// epoch seconds, with consecutive repeats removed when the scope collapses them. Parameters:
    /// @workspaceId, @journeyId, @from, @to. Steps are ordered by time alone: a text tie-break
    /// (event id) made DuckDB's window sort 2.5 times slower, and events of one customer at the
    /// same instant are rare and carry no order anyway.
    /// </summary>
    private string StepsCte(PathScope scope, string? onlyNames = null)
    {
        var (name, joins) = scope.Level switch
        {
            PathLevel.Event => ("e.name", ""),
            PathLevel.Touchpoint => ("tp.name", "JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId"),
            _ => ("st.name", "JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId JOIN stages st ON st.id = tp.stage_id"),
        };
        var window = (scope.From is null ? "" : " AND e.ts >= @from") + (scope.To is null ? "" : " AND e.ts < @to");
        var only = onlyNames is null ? "" : $" AND {name} IN ({onlyNames})";
        var raw = $"""
            SELECT e.customer_id AS c, {name} AS a, e.ts, {Dialect.Epoch("e.ts")} AS t
            FROM events e {joins}
            WHERE e.workspace_id = @workspaceId{window}{only}
            """;
        return scope.CollapseRepeats
            ? $"""
              raw_steps AS ({raw}),
              marked AS (SELECT c, a, ts, t, LAG(a) OVER (PARTITION BY c ORDER BY ts) AS previous FROM raw_steps),
              steps AS (SELECT c, a, ts, t FROM marked WHERE previous IS NULL OR previous <> a)
              """
            : $"steps AS ({raw})";
    }

    private static object PathParameters(long workspaceId, long? journeyId, PathScope scope) =>
        new { workspaceId, journeyId = journeyId ?? 0, from = scope.From, to = scope.To };

    /// <summary>
    /// The directly-follows graph: per step name and next step name, the count and median seconds
    /// between them. One window pass over the raw steps: with repeats collapsed, an edge is a pair
    /// of consecutive raw steps with different names (timed from the run's last repeat), a step
    /// occurs once per run, and no second ordering pass is needed.
    /// </summary>
    public async Task<DirectlyFollowsGraph> DirectlyFollowsAsync(long workspaceId, long? journeyId, PathScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var connection = Connect();
        var raw = scope with { CollapseRepeats = false };
        var parameters = PathParameters(workspaceId, journeyId, scope);
        var keep = scope.CollapseRepeats ? "next_a IS NULL OR next_a <> a" : "TRUE";
        var runStart = scope.CollapseRepeats ? "previous IS NULL OR previous <> a" : "TRUE";
        var rows = (await connection.QueryAsync<(string From, string? To, long Count, long Occurrences, long Starts, double? Median)>(Dialect.Sql($"""
            WITH {StepsCte(raw)},
            ordered AS (
                SELECT c, a, t, LEAD(a) OVER w AS next_a, LEAD(t) OVER w AS next_t, LAG(a) OVER w AS previous
                FROM steps WINDOW w AS (PARTITION BY c ORDER BY ts)
            )
            SELECT a, CASE WHEN {keep} THEN next_a END AS next_a,
                   count(CASE WHEN {keep} THEN 1 END), count(CASE WHEN {runStart} THEN 1 END), count(CASE WHEN previous IS NULL THEN 1 END),
                   {Dialect.Percentile($"CASE WHEN {keep} THEN next_t - t END", 0.5)}
            FROM ordered GROUP BY 1, 2
            """), parameters)).ToList();
        var customers = (await connection.QueryAsync<(string Name, long Customers)>(Dialect.Sql($"""
            WITH {StepsCte(raw)}
            SELECT a, count(DISTINCT c) FROM steps GROUP BY a
            """), parameters)).ToDictionary(r => r.Name, r => r.Customers, StringComparer.Ordinal);

        var activities = rows.GroupBy(r => r.From, StringComparer.Ordinal)
            .Select(g => new PathActivity(g.Key, g.Sum(r => r.Occurrences), customers.GetValueOrDefault(g.Key)))
            .OrderByDescending(a => a.Occurrences).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        var starts = rows.Where(r => r.Starts > 0).GroupBy(r => r.From, StringComparer.Ordinal)
            .Select(g => new PathEndpoint(g.Key, g.Sum(r => r.Starts))).OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var ends = rows.Where(r => r.To is null && r.Count > 0).Select(r => new PathEndpoint(r.From, r.Count))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var edges = rows.Where(r => r.To is not null).Select(r => new PathEdge(r.From, r.To!, r.Count, r.Median))
            .OrderByDescending(e => e.Count).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        return new DirectlyFollowsGraph(starts.Sum(s => s.Count), activities.Sum(a => a.Occurrences), activities, starts, ends, edges);
    }

    /// <summary>
    /// The <paramref name="top"/> most common complete paths, and how many distinct paths there are.
    /// A path is keyed by the sum of hashes of (step, position) and its length rather than by an
    /// ordered string aggregate: 8 times faster on DuckDB, and only the top paths are spelled out,
    /// from one example customer each.
    /// </summary>
    public async Task<PathVariants> PathVariantsAsync(long workspaceId, long? journeyId, PathScope scope, int top)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var connection = Connect();
        var parameters = new DynamicParameters(new { workspaceId, journeyId = journeyId ?? 0, from = scope.From, to = scope.To, top });
        var rows = (await connection.QueryAsync<(string Example, long Customers, long Variants, long Total)>(Dialect.Sql($"""
            WITH {StepsCte(scope)},
            numbered AS (SELECT c, a, ROW_NUMBER() OVER (PARTITION BY c ORDER BY ts) AS rn FROM steps),
            keyed AS (SELECT c, sum({Dialect.Hash("a", "rn")}) AS h, count(*) AS len FROM numbered GROUP BY c),
            variants AS (SELECT h, len, count(*) AS customers, min(c) AS example FROM keyed GROUP BY h, len)
            SELECT example, customers, count(*) OVER () AS variants, CAST(sum(customers) OVER () AS BIGINT) AS total
            FROM variants ORDER BY customers DESC, example LIMIT @top
            """), parameters)).ToList();
        if (rows.Count == 0)
        {
            return new PathVariants(0, 0, []);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            parameters.Add("x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i].Example);
        }

        var examples = string.Join(", ", rows.Select((_, i) => "@x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var paths = (await connection.QueryAsync<(string Customer, string Path)>(Dialect.Sql($"""
            WITH {StepsCte(scope).Replace("WHERE e.workspace_id = @workspaceId", $"WHERE e.workspace_id = @workspaceId AND e.customer_id IN ({examples})", StringComparison.Ordinal)}
            SELECT c, string_agg(a, chr(31) ORDER BY ts) FROM steps GROUP BY c
            """), parameters)).ToDictionary(p => p.Customer, p => p.Path, StringComparer.Ordinal);
        var total = rows[0].Total;
        return new PathVariants(total, rows[0].Variants,
            rows.Select(r => new PathVariant(paths[r.Example].Split(VariantSeparator), r.Customers, total == 0 ? 0 : 100.0 * r.Customers / total)).ToList());
    }

    /// <summary>
    /// Time from first reaching each stage to first reaching the next one (in the journey's
    /// order), over customers who reached the next stage after the first.
    /// </summary>
    public async Task<IReadOnlyList<StageTransitionTime>> StageTransitionTimesAsync(long workspaceId, long journeyId, DateTime? from, DateTime? to)
    {
        var times = string.Join(", ", TransitionQuantiles.Select(q => Dialect.Percentile("n.t - f.t", q)));
        var rows = await QueryAsync<(string From, string To, long Customers, double? P25, double? P50, double? P75, double? P90)>($$$"""
            WITH ranked AS (
                SELECT id, name, ROW_NUMBER() OVER (ORDER BY position, id) AS rank FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId
            ),
            firsts AS (
                SELECT e.customer_id AS c, r.rank, r.name, min({{{Dialect.Epoch("e.ts")}}}) AS t
                FROM events e JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId JOIN ranked r ON r.id = tp.stage_id
                WHERE e.workspace_id = @workspaceId AND (CAST(@from AS {{ts}}) IS NULL OR e.ts >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR e.ts < @to)
                GROUP BY e.customer_id, r.rank, r.name
            )
            SELECT f.name, n.name, count(*), {{{times}}}
            FROM firsts f JOIN firsts n ON n.c = f.c AND n.rank = f.rank + 1 AND n.t >= f.t
            GROUP BY f.rank, f.name, n.name ORDER BY f.rank
            """, new { workspaceId, journeyId, from, to });
        return rows.Select(r => new StageTransitionTime(r.From, r.To, r.Customers, r.P25, r.P50, r.P75, r.P90)).ToList();
    }
}
