using Cairn.Core.Customers;

namespace Cairn.Storage;

/// <summary>How customers are grouped for retention curves.</summary>
public enum CohortGrouping
{
    Month,
    Quarter,
    Segment,
    Plan,
    Region,
    Persona,

    /// <summary>Signed up before, during or after a change (a launch, a price rise, an outage).</summary>
    Change,
}

public sealed partial class CairnStore
{
    /// <summary>
    /// Customers counted by group, months watched and months stayed (both capped at
    /// <paramref name="months"/>), as of <paramref name="asOf"/>: one row per combination, so a
    /// million customers leave the database as a few thousand rows. Signup falls back to the
    /// customer's creation; a churned customer without a churn date is left out (when they left is unknown).
    /// </summary>
    public Task<IReadOnlyList<TenureCount>> TenureCountsAsync(long workspaceId, CohortGrouping by, int months, DateTime asOf,
        DateTime? signedUpFrom = null, DateTime? signedUpTo = null, DateTime? changeFrom = null, DateTime? changeTo = null)
    {
        const string signup = "COALESCE(c.signup_at, c.created_at)";
        var group = by switch
        {
            CohortGrouping.Month => $"CAST(CAST({Dialect.TruncateTime("month", signup)} AS DATE) AS TEXT)",
            CohortGrouping.Quarter => $"CAST(CAST({Dialect.TruncateTime("quarter", signup)} AS DATE) AS TEXT)",
            CohortGrouping.Segment => "COALESCE(c.segment, '(none)')",
            CohortGrouping.Plan => "COALESCE(c.plan, '(none)')",
            CohortGrouping.Region => "COALESCE(c.region, '(none)')",
            CohortGrouping.Persona => "COALESCE(c.persona, '(none)')",
            _ => $"CASE WHEN {signup} < @changeFrom THEN 'before' WHEN {signup} < @changeTo THEN 'during' ELSE 'after' END",
        };
        string Months(string from, string to) => $"LEAST(@months, CAST(floor(({Dialect.Epoch(to)} - {Dialect.Epoch(from)}) / 2629800.0) AS INTEGER))";
        return QueryAsync<TenureCount>($"""
            SELECT grp AS "Group", observed AS Observed, survived AS Survived, count(*) AS Customers FROM (
                SELECT {group} AS grp, {Months(signup, "@asOf")} AS observed,
                       CASE WHEN c.churned_at IS NULL OR c.churned_at > @asOf THEN NULL ELSE {Months(signup, "c.churned_at")} END AS survived
                FROM customers c
                WHERE c.workspace_id = @workspaceId AND {signup} <= @asOf AND NOT (c.status = 'churned' AND c.churned_at IS NULL)
                  AND (CAST(@signedUpFrom AS {"{{ts}}"}) IS NULL OR {signup} >= @signedUpFrom)
                  AND (CAST(@signedUpTo AS {"{{ts}}"}) IS NULL OR {signup} < @signedUpTo)
            ) t
            GROUP BY grp, observed, survived
            ORDER BY grp, observed, survived
            """, new { workspaceId, months, asOf, signedUpFrom, signedUpTo, changeFrom, changeTo });
    }
}
