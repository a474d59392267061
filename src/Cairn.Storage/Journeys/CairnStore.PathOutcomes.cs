using Cairn.Core.Journeys.Paths;
using Cairn.Core.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Per touchpoint and per transition between touchpoints (repeats collapsed): how many customers
    /// had it before the outcome and how many of them reached the outcome, against everyone else in
    /// the population. Steps on or after the day of the outcome are left out, so the cancellation
    /// call itself does not "predict" churn. Churn: every customer with a step; detractor: customers
    /// who answered NPS, the outcome being their first answer of 6 or less.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeLift>> OutcomeLiftsAsync(long workspaceId, long journeyId, PathOutcome outcome, DateTime? from, DateTime? to)
    {
        var population = outcome == PathOutcome.Churn
            ? """
              outcome AS (
                  SELECT external_id AS c, churned_at AS cutoff FROM customers
                  WHERE workspace_id = @workspaceId AND status = 'churned' AND churned_at IS NOT NULL),
              population AS (SELECT DISTINCT customer_id AS c FROM events WHERE workspace_id = @workspaceId),
              """
            : """
              outcome AS (
                  SELECT customer_id AS c, min(answered_at) AS cutoff FROM answers
                  WHERE workspace_id = @workspaceId AND question_id = 'nps' AND value_number <= 6 AND customer_id IS NOT NULL
                  GROUP BY customer_id),
              population AS (
                  SELECT DISTINCT customer_id AS c FROM answers
                  WHERE workspace_id = @workspaceId AND question_id = 'nps' AND value_number BETWEEN 0 AND 10 AND customer_id IS NOT NULL),
              """;
        await RefreshPathIndexAsync(workspaceId);
        var window = (from is null ? "" : " AND p.ts >= @from") + (to is null ? "" : " AND p.ts < @to");
        var nextInWindow = to is null ? "" : " AND next_t < @toT";
        using var connection = Connect();
        var names = await PathStepNamesAsync(connection, workspaceId, PathLevel.Touchpoint, journeyId);

        // From the path index, no ordering: steps before the outcome's day and within the window are
        // a contiguous stretch of each customer's path, so a transition is an index row whose next
        // step (a different touchpoint, repeats collapsing) also lies in that stretch.
        var rows = (await connection.QueryAsync<(string Kind, long From, long? To, long Exposed, long Events)>(Dialect.Sql($"""
            WITH {population}
            steps AS (
                SELECT p.customer_id AS c, p.step, p.next_step, p.next_t, o.cutoff_t
                FROM path_steps p
                JOIN population pop ON pop.c = p.customer_id
                LEFT JOIN (SELECT c, {Dialect.EpochMicros(Dialect.TruncateTime("day", "cutoff"))} AS cutoff_t FROM outcome) o ON o.c = p.customer_id
                WHERE p.workspace_id = @workspaceId AND p.journey_id = @journeyId{window} AND (o.cutoff_t IS NULL OR p.t < o.cutoff_t)
            ),
            exposures AS (
                SELECT DISTINCT 'touchpoint' AS kind, c, step AS a, CAST(NULL AS BIGINT) AS next_a FROM steps
                UNION
                SELECT DISTINCT 'transition', c, step, next_step FROM steps
                WHERE next_step IS NOT NULL AND next_step <> step AND (cutoff_t IS NULL OR next_t < cutoff_t){nextInWindow}
            )
            SELECT x.kind, x.a, x.next_a, count(*) AS exposed, sum(CASE WHEN o.c IS NULL THEN 0 ELSE 1 END) AS events
            FROM exposures x LEFT JOIN outcome o ON o.c = x.c
            GROUP BY x.kind, x.a, x.next_a
            UNION ALL
            SELECT 'population', 0, NULL, count(*), sum(CASE WHEN o.c IS NULL THEN 0 ELSE 1 END)
            FROM population p LEFT JOIN outcome o ON o.c = p.c
            """), new { workspaceId, journeyId, from, to, toT = Micros(to) })).ToList();
        string Name(long id) => names.GetValueOrDefault(id, "?");
        var all = rows.Single(r => r.Kind == "population");
        return rows.Where(r => r.Kind != "population" && r.Exposed >= OutcomeLift.MinimumExposed)
            .Select(r => new OutcomeLift(r.Kind == "touchpoint" ? ExposureKind.Touchpoint : ExposureKind.Transition, Name(r.From), r.To is { } next ? Name(next) : null,
                RiskRatio.Of(r.Events, r.Exposed, all.Events - r.Events, all.Exposed - r.Exposed)))
            .OrderByDescending(l => l.Ratio.Lift ?? 0).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
    }
}
