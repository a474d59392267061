using Cairn.Core.Metrics;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Per group of customers (by segment, persona, plan or region; or all together): active
    /// customers and their mean monthly revenue, customers at the start of the year before
    /// <paramref name="now"/> and those of them lost since, purchases (orders and invoices) of the
    /// year, and the monthly revenue of customers on the at-risk list. One pass over customers.
    /// </summary>
    public Task<IReadOnlyList<ClvInputs>> ClvInputsAsync(long workspaceId, Dimension? by, DateTime now)
    {
        var group = by is { } d ? $"COALESCE({Column(d, rolled: false)}, '(none)')" : "CAST(NULL AS TEXT)";
        return QueryAsync<ClvInputs>($"""
            SELECT {group} AS "Group",
                   CAST(sum(CASE WHEN c.churned_at IS NULL AND c.status <> 'churned' THEN 1 ELSE 0 END) AS BIGINT) AS Active,
                   avg(CASE WHEN c.churned_at IS NULL AND c.status <> 'churned' THEN c.monthly_revenue END) AS MonthlyRevenue,
                   CAST(sum(CASE WHEN COALESCE(c.signup_at, c.created_at) <= @yearAgo AND (c.churned_at IS NULL OR c.churned_at > @yearAgo) THEN 1 ELSE 0 END) AS BIGINT) AS AtStart,
                   CAST(sum(CASE WHEN COALESCE(c.signup_at, c.created_at) <= @yearAgo AND c.churned_at > @yearAgo AND c.churned_at <= @now THEN 1 ELSE 0 END) AS BIGINT) AS Lost,
                   CAST(COALESCE(sum(o.purchases), 0) AS BIGINT) AS Purchases, sum(o.amount) AS PurchaseValue, CAST(count(o.customer_id) AS BIGINT) AS Purchasers,
                   COALESCE(sum(CASE WHEN h.band = 'at_risk' AND c.churned_at IS NULL THEN c.monthly_revenue END), 0) AS RevenueAtRisk
            FROM customers c
            LEFT JOIN (SELECT customer_id, count(*) AS purchases, sum(amount) AS amount FROM customer_records
                       WHERE workspace_id = @workspaceId AND kind IN ('order', 'invoice') AND amount IS NOT NULL AND occurred_at > @yearAgo AND occurred_at <= @now
                       GROUP BY customer_id) o ON o.customer_id = c.external_id
            LEFT JOIN customer_health h ON h.workspace_id = c.workspace_id AND h.customer_id = c.external_id
            WHERE c.workspace_id = @workspaceId
            GROUP BY 1
            ORDER BY 1
            """, new { workspaceId, now, yearAgo = now.AddDays(-365) });
    }
}
