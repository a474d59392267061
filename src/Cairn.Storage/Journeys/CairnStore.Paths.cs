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
    /// SQL for the CTE <c>steps(c, a, ts, t, eid)</c>: customer, step name at the scope's level,
    /// time, epoch seconds and event id (the tie-break for equal times), with consecutive repeats
    /// removed when the scope collapses them. Parameters: @workspaceId, @journeyId, @from, @to.
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
            SELECT e.customer_id AS c, {name} AS a, e.ts, {Dialect.Epoch("e.ts")} AS t, e.id AS eid
            FROM events e {joins}
            WHERE e.workspace_id = @workspaceId{window}{only}
            """;
        return scope.CollapseRepeats
            ? $"""
              raw_steps AS ({raw}),
              marked AS (SELECT c, a, ts, t, eid, LAG(a) OVER (PARTITION BY c ORDER BY ts, eid) AS previous FROM raw_steps),
              steps AS (SELECT c, a, ts, t, eid FROM marked WHERE previous IS NULL OR previous <> a)
              """
            : $"steps AS ({raw})";
    }

    private static object PathParameters(long workspaceId, long? journeyId, PathScope scope) =>
        new { workspaceId, journeyId = journeyId ?? 0, from = scope.From, to = scope.To };

    /// <summary>The directly-follows graph: per step name and next step name, the count and median seconds between them.</summary>
    public async Task<DirectlyFollowsGraph> DirectlyFollowsAsync(long workspaceId, long? journeyId, PathScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var connection = Connect();
        var parameters = PathParameters(workspaceId, journeyId, scope);
        // One pass: rows with no next step are path ends; "first" marks path starts.
        var rows = (await connection.QueryAsync<(string From, string? To, long Count, long Starts, double? Median)>(Dialect.Sql($"""
            WITH {StepsCte(scope)},
            ordered AS (
                SELECT c, a, t,
                       LEAD(a) OVER w AS next_a, LEAD(t) OVER w AS next_t,
                       CASE WHEN LAG(a) OVER w IS NULL THEN 1 ELSE 0 END AS first
                FROM steps WINDOW w AS (PARTITION BY c ORDER BY ts, eid)
            )
            SELECT a, next_a, count(*), sum(first), {Dialect.Percentile("next_t - t", 0.5)}
            FROM ordered GROUP BY a, next_a
            """), parameters)).ToList();
        var customers = (await connection.QueryAsync<(string Name, long Customers)>(Dialect.Sql($"""
            WITH {StepsCte(scope)}
            SELECT a, count(DISTINCT c) FROM steps GROUP BY a
            """), parameters)).ToDictionary(r => r.Name, r => r.Customers, StringComparer.Ordinal);

        var activities = rows.GroupBy(r => r.From, StringComparer.Ordinal)
            .Select(g => new PathActivity(g.Key, g.Sum(r => r.Count), customers.GetValueOrDefault(g.Key)))
            .OrderByDescending(a => a.Occurrences).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        var starts = rows.Where(r => r.Starts > 0).GroupBy(r => r.From, StringComparer.Ordinal)
            .Select(g => new PathEndpoint(g.Key, g.Sum(r => r.Starts))).OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var ends = rows.Where(r => r.To is null).Select(r => new PathEndpoint(r.From, r.Count))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var edges = rows.Where(r => r.To is not null).Select(r => new PathEdge(r.From, r.To!, r.Count, r.Median))
            .OrderByDescending(e => e.Count).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        return new DirectlyFollowsGraph(starts.Sum(s => s.Count), rows.Sum(r => r.Count), activities, starts, ends, edges);
    }

    /// <summary>The <paramref name="top"/> most common complete paths, and how many distinct paths there are.</summary>
    public async Task<PathVariants> PathVariantsAsync(long workspaceId, long? journeyId, PathScope scope, int top)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var connection = Connect();
        var rows = (await connection.QueryAsync<(string Path, long Customers, long Variants, long Total)>(Dialect.Sql($"""
            WITH {StepsCte(scope)},
            paths AS (SELECT c, string_agg(a, chr(31) ORDER BY ts, eid) AS path FROM steps GROUP BY c),
            variants AS (SELECT path, count(*) AS customers FROM paths GROUP BY path)
            SELECT path, customers, count(*) OVER () AS variants, sum(customers) OVER () AS total
            FROM variants ORDER BY customers DESC, path LIMIT @top
            """), new { workspaceId, journeyId = journeyId ?? 0, from = scope.From, to = scope.To, top })).ToList();
        var total = rows.Count == 0 ? 0 : rows[0].Total;
        return new PathVariants(total, rows.Count == 0 ? 0 : rows[0].Variants,
            rows.Select(r => new PathVariant(r.Path.Split(VariantSeparator), r.Customers, total == 0 ? 0 : 100.0 * r.Customers / total)).ToList());
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
