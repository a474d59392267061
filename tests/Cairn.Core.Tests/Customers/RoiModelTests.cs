using Cairn.Core.Strategy;

namespace Cairn.Core.Tests.Customers;

public sealed class RoiModelTests
{
    private static readonly LoyaltyEconomics Economics = new(10_000, MonthlyRevenue: 50, MonthlyChurn: 0.02, DetractorChurn: 0.30, PromoterChurn: 0.10, 400, 600);

    [Fact]
    public void Value_IsReachTimesNpsChangeTimesChurnGapTimesLifetimeValue()
    {
        // 2,000 reached, +5 NPS: 100 customers move to promoter; 20 points less churn keeps 20; each is worth 50 × 50 months = 2,500.
        var roi = RoiModel.Estimate(2_000, 5, measured: false, Economics, cost: 10_000, workDays: 60);

        Assert.Equal((20.0, 50_000.0, 4.0), (roi.CustomersKept!.Value, roi.Value!.Value, roi.Roi!.Value));
        Assert.True(roi.QuickWin); // five times its cost within 60 days
        Assert.Contains(roi.Assumptions, a => a.Contains("the initiative's target", StringComparison.Ordinal));
        Assert.Equal(2_500, Economics.LifetimeValue);
    }

    [Fact]
    public void WithoutAMeasurableChurnGapOrCost_NothingIsInvented()
    {
        var unknownGap = Economics with { DetractorChurn = null };

        var roi = RoiModel.Estimate(2_000, 5, measured: true, unknownGap, cost: null, workDays: null);

        Assert.Equal((null, null, null, false), (roi.CustomersKept, roi.Value, roi.Roi, roi.QuickWin));
        Assert.Contains(roi.Assumptions, a => a.Contains("no churn gap", StringComparison.Ordinal));
        Assert.Contains(roi.Assumptions, a => a.Contains("measured before and after", StringComparison.Ordinal));
        Assert.Equal(50, (Economics with { MonthlyChurn = 0.02 }).LifetimeMonths);
        Assert.Equal(120, (Economics with { MonthlyChurn = 0.001 }).LifetimeMonths); // capped at ten years
    }
}
