using Cairn.Core.Initiatives;
using Cairn.Core.Metrics;

namespace Cairn.Core.Tests.Initiatives;

public sealed class DiffInDiffTests
{
    private static ScoreTally Nps(long n, long promoters, long detractors) =>
        new(n, promoters * 9.5 + detractors * 3 + (n - promoters - detractors) * 7.5, promoters * 90.25 + detractors * 9.0 + (n - promoters - detractors) * 56.25, promoters, detractors);

    [Fact]
    public void Effect_IsTheAffectedChange_MinusTheOthersChange_WithTheSumOfVariances()
    {
        // Affected: NPS −25 → 0. Others: +25 → +35 (a drift that hit everyone). Effect: 25 − 10 = 15.
        var ab = Nps(400, 100, 200);
        var aa = Nps(400, 150, 150);
        var ob = Nps(800, 400, 200);
        var oa = Nps(800, 440, 160);
        var did = DiffInDiff.Of(ScoreMetric.Nps, ab, aa, ob, oa);

        Assert.True(did.Controlled);
        Assert.Equal(15, did.Effect!.Value, 9);
        var se = Math.Sqrt(new[] { ab, aa, ob, oa }.Sum(t => Math.Pow(ScoreMetric.Nps.Estimate(t).StandardError, 2)));
        Assert.Equal(15 - 1.959964 * se, did.Low!.Value, 3);
        Assert.Equal(15 + 1.959964 * se, did.High!.Value, 3);
        Assert.True(did.Significant);
        Assert.StartsWith("it moved: NPS rose by 15.0 points against the customers it did not touch, better", did.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAComparisonGroup_ItFallsBackToBeforeAfter_AndSaysSo()
    {
        var did = DiffInDiff.Of(ScoreMetric.Nps, Nps(400, 100, 200), Nps(400, 150, 150), ScoreTally.Empty, Nps(10, 5, 1));
        Assert.False(did.Controlled);
        Assert.Equal(25, did.Effect!.Value, 9);
        Assert.Contains("no comparison group", did.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewAffectedAnswers_GiveNoEffect_AndNoChangeIsCalledChance()
    {
        var few = DiffInDiff.Of(ScoreMetric.Nps, Nps(20, 5, 5), Nps(400, 150, 150), Nps(800, 400, 200), Nps(800, 400, 200));
        Assert.Null(few.Effect);
        Assert.StartsWith("not measurable yet", few.Verdict, StringComparison.Ordinal);

        var same = DiffInDiff.Of(ScoreMetric.Nps, Nps(400, 100, 200), Nps(400, 100, 200), Nps(800, 400, 200), Nps(800, 400, 200));
        Assert.Equal(0, same.Effect!.Value, 9);
        Assert.False(same.Significant);
        Assert.StartsWith("no measurable effect", same.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void LowerEffort_CountsAsBetter_ForCes()
    {
        ScoreTally Effort(double mean, long n) => new(n, mean * n, (mean * mean + 1) * n, 0, 0);
        var did = DiffInDiff.Of(ScoreMetric.Ces, Effort(5, 300), Effort(4, 300), Effort(3, 300), Effort(3, 300));
        Assert.Equal(-1, did.Effect!.Value, 6);
        Assert.StartsWith("it moved: CES fell by 1.0 against the customers it did not touch, better", did.Verdict, StringComparison.Ordinal);
    }
}
