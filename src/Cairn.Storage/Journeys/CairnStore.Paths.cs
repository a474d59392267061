using Cairn.Core.Journeys.Paths;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// Journey analytics over per-customer ordered steps, aggregated where the data lives: the graph,
/// variants, flows and funnels read the path index (CairnStore.PathIndex.cs); questions it does not
/// answer (positions within a time window, stage-to-stage times, outcome lifts) order the events
/// with window functions (<see cref="StepsCte"/>). Only aggregates leave the database.
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

    /// <summary>
    /// The directly-follows graph: per step and next step, the count and median seconds between
    /// them, read from the path index (no ordering at query time). With repeats collapsed, an edge
    /// is a pair of consecutive steps with different names (timed from the run's last repeat) and a
    /// step occurs once per run. Within a time window, a neighbour outside it counts as no neighbour.
    /// </summary>
    public async Task<DirectlyFollowsGraph> DirectlyFollowsAsync(long workspaceId, long? journeyId, PathScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await RefreshPathIndexAsync(workspaceId);
        var columns = PathColumns.For(scope.Level, journeyId);
        var countCustomers = scope.From is not null || scope.To is not null || columns.First is null;
        var next = scope.To is null ? columns.Next : $"CASE WHEN next_t < @toT THEN {columns.Next} END";
        var nextTime = scope.To is null ? "next_t" : "CASE WHEN next_t < @toT THEN next_t END";
        var previous = scope.From is null ? columns.Previous : $"CASE WHEN prev_t >= @fromT THEN {columns.Previous} END";
        var keep = scope.CollapseRepeats ? "na IS NULL OR na <> a" : "TRUE";
        var runStart = scope.CollapseRepeats ? "pa IS NULL OR pa <> a" : "TRUE";
        var parameters = IndexParameters(workspaceId, columns, scope);
        using var connection = Connect();
        var names = await PathStepNamesAsync(connection, workspaceId, scope.Level, journeyId);
        var rows = (await connection.QueryAsync<(long From, long? To, long Count, long Occurrences, long Starts, long Firsts, double? Median)>(Dialect.Sql($"""
            SELECT a, CASE WHEN {keep} THEN na END AS b,
                   count(CASE WHEN {keep} THEN 1 END), count(CASE WHEN {runStart} THEN 1 END), count(CASE WHEN pa IS NULL THEN 1 END),
                   count(CASE WHEN f THEN 1 END), {Dialect.Percentile($"CASE WHEN {keep} THEN nt - t END", 0.5)}
            FROM (
                SELECT {columns.Step} AS a, {next} AS na, {previous} AS pa, t, {nextTime} AS nt, {columns.First ?? "FALSE"} AS f
                FROM path_steps WHERE {IndexFilter(scope)}
            ) s
            GROUP BY 1, 2
            """), parameters)).ToList();

        // A customer's first time at a step is kept in the index for all time; within a window, and
        // for stages, the customers are counted instead.
        var customers = countCustomers
            ? (await connection.QueryAsync<(long Step, long Customers)>(Dialect.Sql($"SELECT {columns.Step}, count(DISTINCT customer_id) FROM path_steps WHERE {IndexFilter(scope)} GROUP BY 1"), parameters))
                .ToDictionary(r => r.Step, r => r.Customers)
            : rows.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.Sum(r => r.Firsts));

        string Name(long id) => names.TryGetValue(id, out var name) ? name : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activities = rows.GroupBy(r => r.From)
            .Select(g => new PathActivity(Name(g.Key), g.Sum(r => r.Occurrences), customers.GetValueOrDefault(g.Key)))
            .OrderByDescending(a => a.Occurrences).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        var starts = rows.Where(r => r.Starts > 0).GroupBy(r => r.From)
            .Select(g => new PathEndpoint(Name(g.Key), g.Sum(r => r.Starts))).OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var ends = rows.Where(r => r.To is null && r.Count > 0).Select(r => new PathEndpoint(Name(r.From), r.Count))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var edges = rows.Where(r => r.To is not null).Select(r => new PathEdge(Name(r.From), Name(r.To!.Value), r.Count, r.Median / MicrosPerSecond))
            .OrderByDescending(e => e.Count).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        return new DirectlyFollowsGraph(starts.Sum(s => s.Count), activities.Sum(a => a.Occurrences), activities, starts, ends, edges);
    }

    private const double MicrosPerSecond = 1_000_000;

    /// <summary>The index rows of a scope: its workspace, level key and time window (parameters from <see cref="IndexParameters"/>).</summary>
    private static string IndexFilter(PathScope scope) =>
        "workspace_id = @workspaceId AND journey_id = @key" + (scope.From is null ? "" : " AND ts >= @from") + (scope.To is null ? "" : " AND ts < @to");

    private static DynamicParameters IndexParameters(long workspaceId, PathColumns columns, PathScope scope) =>
        new(new { workspaceId, key = columns.Key, from = scope.From, to = scope.To, fromT = Micros(scope.From), toT = Micros(scope.To) });

    /// <summary>
    /// The <paramref name="top"/> most common complete paths, and how many distinct paths there are.
    /// A path is keyed by the sum of hashes of (step, position) and its length rather than by an
    /// ordered string aggregate, and only the top paths are spelled out, from one example customer
    /// each. For all time the index holds each step's position (with repeats collapsed: the last
    /// row of each run, at the run's position); within a window positions start anew, so the steps
    /// are numbered at query time.
    /// </summary>
    public async Task<PathVariants> PathVariantsAsync(long workspaceId, long? journeyId, PathScope scope, int top)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.From is not null || scope.To is not null)
        {
            return await PathVariantsInWindowAsync(workspaceId, journeyId, scope, top);
        }

        await RefreshPathIndexAsync(workspaceId);
        var columns = PathColumns.For(scope.Level, journeyId);
        var (position, runs) = IndexPositions(columns, scope);
        var parameters = IndexParameters(workspaceId, columns, scope);
        parameters.Add("top", top);
        using var connection = Connect();
        var rows = (await connection.QueryAsync<(string Example, long Customers, long Variants, long Total)>(Dialect.Sql($"""
            WITH keyed AS (
                SELECT customer_id AS c, sum({Dialect.Hash(columns.Step, position)}) AS h, count(*) AS len
                FROM path_steps WHERE {IndexFilter(scope)}{runs} GROUP BY customer_id),
            variants AS (SELECT h, len, count(*) AS customers, min(c) AS example FROM keyed GROUP BY h, len)
            SELECT example, customers, count(*) OVER () AS variants, CAST(sum(customers) OVER () AS BIGINT) AS total
            FROM variants ORDER BY customers DESC, example LIMIT @top
            """), parameters)).ToList();
        if (rows.Count == 0)
        {
            return new PathVariants(0, 0, []);
        }

        var names = await PathStepNamesAsync(connection, workspaceId, scope.Level, journeyId);
        var examples = AddExamples(parameters, rows.Select(r => r.Example));
        var paths = (await connection.QueryAsync<(string Customer, long Step)>(Dialect.Sql($"""
            SELECT customer_id, {columns.Step} FROM path_steps
            WHERE {IndexFilter(scope)}{runs} AND customer_id IN ({examples}) ORDER BY customer_id, {position}
            """), parameters))
            .GroupBy(r => r.Customer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => names.GetValueOrDefault(r.Step, "?")).ToList(), StringComparer.Ordinal);
        var total = rows[0].Total;
        return new PathVariants(total, rows[0].Variants,
            rows.Select(r => new PathVariant(paths[r.Example], r.Customers, total == 0 ? 0 : 100.0 * r.Customers / total)).ToList());
    }

    /// <summary>The position column of a scope, and the filter that keeps one row per run when repeats are collapsed.</summary>
    private static (string Position, string Runs) IndexPositions(PathColumns columns, PathScope scope) => scope.CollapseRepeats
        ? (columns.RunPosition, $" AND ({columns.Next} IS NULL OR {columns.Next} <> {columns.Step})")
        : ("pos", "");

    private static string AddExamples(DynamicParameters parameters, IEnumerable<string> customers)
    {
        var names = new List<string>();
        foreach (var customer in customers)
        {
            var name = "x" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(name, customer);
            names.Add("@" + name);
        }

        return string.Join(", ", names);
    }

    /// <summary>Path variants within a time window, numbering each customer's steps in the window at query time.</summary>
    private async Task<PathVariants> PathVariantsInWindowAsync(long workspaceId, long? journeyId, PathScope scope, int top)
    {
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

        var examples = AddExamples(parameters, rows.Select(r => r.Example));
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
