namespace Cairn.Core.Metrics;

/// <summary>
/// Customer lifetime value, both ways DOMAIN.md names it: the seed formula (C × O) × Y, and
/// revenue (times margin) divided by churn, where the expected lifetime is 1 ÷ monthly churn.
/// Both are rough by design; the second is computed from the workspace's own churn, capped so
/// that a period with almost no churn does not promise customers for life.
/// </summary>
public static class LifetimeValue
{
    /// <summary>The longest expected lifetime credited, in months (ten years).</summary>
    public const double MaximumMonths = 120;

    /// <summary>(C × O) × Y: average order value × orders per year × expected years as a customer.</summary>
    public static double Seed(double averageOrderValue, double ordersPerYear, double years) => averageOrderValue * ordersPerYear * years;

    /// <summary>Expected months as a customer at a monthly churn rate (0..1): 1 ÷ churn, at most <see cref="MaximumMonths"/>.</summary>
    public static double ExpectedMonths(double monthlyChurnRate) =>
        monthlyChurnRate <= 1 / MaximumMonths ? MaximumMonths : 1 / monthlyChurnRate;

    /// <summary>Monthly revenue × margin × expected months.</summary>
    public static double FromChurn(double monthlyRevenue, double monthlyChurnRate, double margin = 1) =>
        monthlyRevenue * margin * ExpectedMonths(monthlyChurnRate);
}
