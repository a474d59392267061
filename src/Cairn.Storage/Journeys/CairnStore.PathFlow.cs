using Cairn.Core.Journeys.Paths;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// The first <paramref name="steps"/> steps of every customer's path as flows between
    /// positions (step 1 → step 2 …), each path's end marked churned or still a customer, and
    /// paths longer than shown marked as going on. One window pass; only path ends meet the
    /// customers table.
    /// </summary>
    public async Task<PathFlow> PathFlowAsync(long workspaceId, long journeyId, PathScope scope, int steps)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await QueryAsync<(long Step, string From, string? To, string? End, long Customers)>($"""
            WITH {StepsCte(scope)},
            numbered AS (
                SELECT c, a, ROW_NUMBER() OVER w AS rn, LEAD(a) OVER w AS next_a
                FROM steps WINDOW w AS (PARTITION BY c ORDER BY ts)
            ),
            shown AS (SELECT c, rn, a, next_a FROM numbered WHERE rn <= @steps)
            SELECT rn, a, CASE WHEN rn < @steps THEN next_a END, CASE WHEN rn >= @steps THEN @more END, count(*)
            FROM shown WHERE next_a IS NOT NULL GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT s.rn, s.a, NULL, CASE WHEN cu.churned_at IS NOT NULL THEN @churned ELSE @stayed END, count(*)
            FROM shown s JOIN customers cu ON cu.workspace_id = @workspaceId AND cu.external_id = s.c
            WHERE s.next_a IS NULL GROUP BY 1, 2, 3, 4
            ORDER BY 1, 5 DESC
            """, new { workspaceId, journeyId, from = scope.From, to = scope.To, steps, more = PathFlow.More, churned = PathFlow.Churned, stayed = PathFlow.Stayed });
        var links = rows.Select(r => new FlowLink((int)r.Step, r.From, r.To, r.End, r.Customers)).ToList();
        return new PathFlow(steps, links.Where(l => l.Step == 1).Sum(l => l.Customers), links);
    }
}
