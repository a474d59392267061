using Cairn.Core.Metrics;

namespace Cairn.Core.Tests;

public sealed class RiskRatioTests
{
    [Fact]
    public void Lift_AndKatzInterval_MatchAWorkedExample()
    {
        // 30 of 100 exposed churned vs 10 of 100 others: lift 3; log-SE = √(1/30 − 1/100 + 1/10 − 1/100) = 0.33665.
        var r = RiskRatio.Of(30, 100, 10, 100);

        Assert.Equal(30, r.ExposedRate, 9);
        Assert.Equal(10, r.OtherRate, 9);
        Assert.Equal(3, r.Lift!.Value, 9);
        Assert.Equal(3 * Math.Exp(-1.959964 * 0.336650), r.Low!.Value, 3);
        Assert.Equal(3 * Math.Exp(1.959964 * 0.336650), r.High!.Value, 3);
        Assert.True(r.Significant);
    }

    [Fact]
    public void EqualRates_AreNotALift_AndEmptyGroupsGiveNoRatio()
    {
        Assert.False(RiskRatio.Of(10, 100, 10, 100).Significant);
        Assert.Null(RiskRatio.Of(0, 100, 10, 100).Lift);
        Assert.Null(RiskRatio.Of(5, 0, 10, 100).Lift);
    }
}
