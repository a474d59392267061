using System.Globalization;

namespace Cairn.Core.Strategy;

/// <summary>What the workspace's own data says a point of NPS is worth.</summary>
public sealed record LoyaltyEconomics(
    long ActiveCustomers, double? MonthlyRevenue, double? MonthlyChurn, double? DetractorChurn, double? PromoterChurn, long DetractorsWatched, long PromotersWatched)
{
    /// <summary>Expected months a customer stays (1 ÷ monthly churn), at most ten years.</summary>
    public double? LifetimeMonths => MonthlyChurn is { } c && c > 0 ? Math.Min(120, 1 / c) : null;

    /// <summary>Revenue a customer brings over their expected lifetime (DOMAIN.md: CLV by revenue ÷ churn).</summary>
    public double? LifetimeValue => MonthlyRevenue is { } r && LifetimeMonths is { } m ? r * m : null;

    /// <summary>How much more often (a year) a detractor leaves than a promoter, as a fraction.</summary>
    public double? ChurnGap => DetractorChurn is { } d && PromoterChurn is { } p ? Math.Max(0, d - p) : null;
}

/// <summary>An initiative's return: estimated from its NPS target, or measured once its before/after effect exists.</summary>
public sealed record RoiEstimate(
    long Reach, double? NpsChange, bool Measured, double? CustomersKept, double? Value, double? Cost, double? Roi, bool QuickWin, IReadOnlyList<string> Assumptions);

/// <summary>
/// The ROI model: an NPS change of x points moves about x% of the customers reached from detractor
/// to promoter; each of them then leaves less often by the workspace's own detractor-promoter churn
/// gap, and each customer kept is worth the lifetime value. Value = reach × x/100 × churn gap × CLV,
/// for one year of the changed churn. A quick win pays back three times within a quarter's work.
/// </summary>
public static class RoiModel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static RoiEstimate Estimate(long reach, double? npsChange, bool measured, LoyaltyEconomics economics, double? cost, int? workDays)
    {
        ArgumentNullException.ThrowIfNull(economics);
        var assumptions = new List<string>
        {
            $"reaches {reach.ToString("N0", Inv)} customers",
            measured ? $"NPS change {Signed(npsChange)} points, measured before and after launch against customers not reached" : $"NPS change {Signed(npsChange)} points, the initiative's target (an estimate until it is measured)",
            $"a point of NPS moves 1% of those reached from detractor to promoter",
        };
        if (economics.ChurnGap is { } gap)
        {
            assumptions.Add($"detractors leave {(100 * economics.DetractorChurn!.Value).ToString("0.0", Inv)}% a year, promoters {(100 * economics.PromoterChurn!.Value).ToString("0.0", Inv)}% (from {economics.DetractorsWatched.ToString("N0", Inv)} and {economics.PromotersWatched.ToString("N0", Inv)} customers followed for a year): a gap of {(100 * gap).ToString("0.0", Inv)} points");
        }
        else
        {
            assumptions.Add("no churn gap between detractors and promoters can be measured yet (too few followed for a year)");
        }

        if (economics.LifetimeValue is { } clv)
        {
            assumptions.Add($"a customer kept is worth {clv.ToString("N0", Inv)} ({economics.MonthlyRevenue!.Value.ToString("N2", Inv)} a month for {economics.LifetimeMonths!.Value.ToString("0", Inv)} months)");
        }

        double? kept = npsChange is { } x && economics.ChurnGap is { } g ? reach * (x / 100) * g : null;
        double? value = kept is { } k && economics.LifetimeValue is { } v ? k * v : null;
        double? roi = value is { } val && cost is > 0 ? (val - cost.Value) / cost.Value : null;
        var quickWin = value is { } w && cost is > 0 && w >= 3 * cost.Value && workDays is <= 90;
        return new RoiEstimate(reach, npsChange, measured, kept, value, cost, roi, quickWin, assumptions);
    }

    private static string Signed(double? value) => value?.ToString("+0.0;-0.0;0", Inv) ?? "unknown";
}
