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
        var window = (from is null ? "" : " AND e.ts >= @from") + (to is null ? "" : " AND e.ts < @to");
        using var connection = Connect();
        var rows = (await connection.QueryAsync<(string Kind, string From, string? To, long Exposed, long Events)>(Dialect.Sql($"""
            WITH {population}
            raw_steps AS (
                SELECT e.customer_id AS c, tp.name AS a, e.ts
                FROM events e
                JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId
                JOIN population p ON p.c = e.customer_id
                LEFT JOIN outcome o ON o.c = e.customer_id
                WHERE e.workspace_id = @workspaceId{window} AND (o.cutoff IS NULL OR e.ts < {Dialect.TruncateTime("day", "o.cutoff")})
            ),
            marked AS (SELECT c, a, ts, LAG(a) OVER (PARTITION BY c ORDER BY ts) AS previous FROM raw_steps),
            steps AS (SELECT c, a, ts FROM marked WHERE previous IS NULL OR previous <> a),
            ordered AS (SELECT c, a, LEAD(a) OVER (PARTITION BY c ORDER BY ts) AS next_a FROM steps),
            exposures AS (
                SELECT DISTINCT 'touchpoint' AS kind, c, a, CAST(NULL AS TEXT) AS next_a FROM ordered
                UNION
                SELECT DISTINCT 'transition', c, a, next_a FROM ordered WHERE next_a IS NOT NULL
            )
            SELECT x.kind, x.a, x.next_a, count(*) AS exposed, sum(CASE WHEN o.c IS NULL THEN 0 ELSE 1 END) AS events
            FROM exposures x LEFT JOIN outcome o ON o.c = x.c
            GROUP BY x.kind, x.a, x.next_a
            UNION ALL
            SELECT 'population', '', NULL, count(*), sum(CASE WHEN o.c IS NULL THEN 0 ELSE 1 END)
            FROM population p LEFT JOIN outcome o ON o.c = p.c
            """), new { workspaceId, journeyId, from, to })).ToList();
        var all = rows.Single(r => r.Kind == "population");
        return rows.Where(r => r.Kind != "population" && r.Exposed >= OutcomeLift.MinimumExposed)
            .Select(r => new OutcomeLift(r.Kind == "touchpoint" ? ExposureKind.Touchpoint : ExposureKind.Transition, r.From, r.To,
                RiskRatio.Of(r.Events, r.Exposed, all.Events - r.Events, all.Exposed - r.Exposed)))
            .OrderByDescending(l => l.Ratio.Lift ?? 0).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
    }
}
