using Cairn.Core.Journeys.Paths;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// The first <paramref name="steps"/> steps of every customer's path as flows between
    /// positions (step 1 → step 2 …), each path's end marked churned or still a customer, and
    /// paths longer than shown marked as going on. For all time the index holds the positions and
    /// next steps; within a window the steps are numbered at query time. Only path ends meet the
    /// customers table.
    /// </summary>
    public async Task<PathFlow> PathFlowAsync(long workspaceId, long journeyId, PathScope scope, int steps)
    {
        ArgumentNullException.ThrowIfNull(scope);
        string shown;
        DynamicParameters parameters;
        Dictionary<long, string>? names = null;
        if (scope.From is null && scope.To is null)
        {
            await RefreshPathIndexAsync(workspaceId);
            var columns = PathColumns.For(scope.Level, journeyId);
            var (position, runs) = IndexPositions(columns, scope);
            parameters = IndexParameters(workspaceId, columns, scope);
            shown = $"""
                shown AS (
                    SELECT customer_id AS c, {position} AS rn, {columns.Step} AS a, {columns.Next} AS next_a
                    FROM path_steps WHERE {IndexFilter(scope)}{runs} AND {position} <= @steps)
                """;
            using var connection = Connect();
            names = await PathStepNamesAsync(connection, workspaceId, scope.Level, journeyId);
        }
        else
        {
            parameters = new DynamicParameters(new { workspaceId, journeyId, from = scope.From, to = scope.To });
            shown = $"""
                {StepsCte(scope)},
                numbered AS (
                    SELECT c, a, ROW_NUMBER() OVER w AS rn, LEAD(a) OVER w AS next_a
                    FROM steps WINDOW w AS (PARTITION BY c ORDER BY ts)
                ),
                shown AS (SELECT c, rn, a, next_a FROM numbered WHERE rn <= @steps)
                """;
        }

        parameters.AddDynamicParams(new { steps, more = PathFlow.More, churned = PathFlow.Churned, stayed = PathFlow.Stayed });
        var sql = $"""
            WITH {shown}
            SELECT rn, CAST(a AS TEXT), CAST(CASE WHEN rn < @steps THEN next_a END AS TEXT), CASE WHEN rn >= @steps THEN @more END, count(*)
            FROM shown WHERE next_a IS NOT NULL GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT s.rn, CAST(s.a AS TEXT), NULL, CASE WHEN cu.churned_at IS NOT NULL THEN @churned ELSE @stayed END, count(*)
            FROM shown s JOIN customers cu ON cu.workspace_id = @workspaceId AND cu.external_id = s.c
            WHERE s.next_a IS NULL GROUP BY 1, 2, 3, 4
            ORDER BY 1, 5 DESC
            """;
        var rows = await QueryAsync<(long Step, string From, string? To, string? End, long Customers)>(sql, parameters);

        // From the index, steps come as ids (written as text so both sources share one query).
        string Name(string step) => names is null ? step : names.GetValueOrDefault(long.Parse(step, System.Globalization.CultureInfo.InvariantCulture), "?");
        var links = rows.Select(r => new FlowLink((int)r.Step, Name(r.From), r.To is null ? null : Name(r.To), r.End, r.Customers)).ToList();
        return new PathFlow(steps, links.Where(l => l.Step == 1).Sum(l => l.Customers), links);
    }
}
