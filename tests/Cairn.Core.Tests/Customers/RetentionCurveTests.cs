using Cairn.Core.Customers;

namespace Cairn.Core.Tests.Customers;

public sealed class RetentionCurveTests
{
    [Fact]
    public void KaplanMeier_OfAHandCountedGroup()
    {
        // 10 customers watched 3 months: 2 left in month 1, 1 in month 3; 4 still here;
        // 3 signed up 1 month ago and are still here (watched 1 month only).
        TenureCount[] counts =
        [
            new("g", 3, 0, 2), new("g", 3, 2, 1), new("g", 3, null, 4), new("g", 1, null, 3),
        ];

        var curve = RetentionCurve.Estimate("g", counts, 3);

        // Month 1: 10 at risk, 2 left → 80%. Month 2: 5 at risk (the 3 young ones are not watched that long), none left.
        // Month 3: 5 at risk, 1 left → 80% × 4/5 = 64%. A plain cohort table would say 5 of 10 = 50%.
        Assert.Equal([100.0, 80.0, 80.0, 64.0], curve.Points.Select(p => Math.Round(p.Retention, 6)));
        Assert.Equal([10L, 10L, 5L, 5L], curve.Points.Select(p => p.AtRisk));
        Assert.All(curve.Points.Skip(1), p => Assert.True(p.Low <= p.Retention && p.Retention <= p.High));
        Assert.Equal(10, curve.Customers);
    }

    [Fact]
    public void ALossInAMonthNotYetOver_IsNotCounted_LikeTheStayOfOthersWatchedAsLong()
    {
        // Watched 1 month; one left in month 2 (survived 1), five still here.
        var curve = RetentionCurve.Estimate("g", [new TenureCount("g", 1, 1, 1), new TenureCount("g", 1, null, 5)], 2);

        Assert.Equal(2, curve.Points.Count); // month 2 is not reached by anyone: no collapse to 0%
        Assert.Equal(100, curve.Points[1].Retention);
    }

    [Fact]
    public void Compare_SaysWhetherADifferenceIsBeyondChance()
    {
        static RetentionCurveResult Group(string name, long stayed, long left) =>
            RetentionCurve.Estimate(name, [new TenureCount(name, 6, null, stayed), new TenureCount(name, 6, 2, left)], 6);

        Assert.Contains("is real", RetentionCurve.Compare(Group("before", 900, 100), Group("after", 700, 300), 6), StringComparison.Ordinal);
        Assert.Contains("within chance", RetentionCurve.Compare(Group("before", 18, 2), Group("after", 17, 3), 6), StringComparison.Ordinal);
        Assert.Contains("Not comparable", RetentionCurve.Compare(Group("before", 18, 2), Group("after", 17, 3), 9), StringComparison.Ordinal);
    }
}
