using Cairn.Core.Metrics;
using Cairn.Core.Priorities;

namespace Cairn.Core.Tests.Priorities;

public sealed class PrioritiserTests
{
    // 10,000 customers, 1,000 lost voluntarily, 50 a month each, 2% monthly churn: 50 months of 50 = 2,500 lifetime value.
    private static readonly PopulationTally Base = new(10_000, 1_000, 500_000, 10_000, Nps(4_000, promoters: 1_600, detractors: 800), 0.02);

    private static ScoreTally Nps(long n, long promoters, long detractors) =>
        new(n, promoters * 9.5 + detractors * 3 + (n - promoters - detractors) * 7.5, 0, promoters, detractors);

    private static GapTally Gap(string key, long affected, long churned, bool momentOfTruth = false, CompetitorTally? competitors = null) =>
        new(key, GapKind.Theme, key, null, momentOfTruth, null, affected, churned, affected * 50.0, affected, Nps(affected / 2, affected / 10, affected / 4), competitors);

    [Fact]
    public void RevenueAtRisk_IsAffected_TimesExcessChurn_TimesLifetimeValue()
    {
        // 1,000 affected, 200 lost (20%) against 800 of 9,000 others (8.89%): 111.1 extra customers × 2,500.
        var gap = Prioritiser.Rank(Base, [Gap("theme:1", 1_000, 200)], new Dictionary<string, GapInputs>()).Single();

        var excess = 20.0 - 800.0 / 9_000 * 100;
        Assert.Equal(1, gap.Rank);
        Assert.Equal(2_500, gap.LifetimeValue!.Value, 6);
        Assert.Equal(excess, gap.ExcessChurn!.Value, 6);
        Assert.Equal(1_000 * excess / 100 * 2_500, gap.Revenue!.Value, 3);
        Assert.Equal(1_000 * excess / 100, gap.Revenue.CustomersLost, 6);
        Assert.True(gap.Revenue.Low < gap.Revenue.Value && gap.Revenue.Value < gap.Revenue.High);
        Assert.Equal(gap.Revenue.Value, gap.Score, 6);
        Assert.Equal(10, gap.Frequency.Value, 6);
        Assert.Contains("2,500 lifetime value", gap.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranking_FollowsRevenueAtRisk_AndAnalystInputsCanReorderIt()
    {
        var big = Gap("theme:1", 1_000, 200);
        var small = Gap("theme:2", 1_000, 150);
        var plain = Prioritiser.Rank(Base, [small, big], new Dictionary<string, GapInputs>());
        Assert.Equal(["theme:1", "theme:2"], plain.Select(g => g.Key));

        // Severity 5 and a quick win (×1.5 × 1.5) lift the smaller gap past the larger one; severity 1 sinks the larger.
        var weighed = Prioritiser.Rank(Base, [small, big], new Dictionary<string, GapInputs>
        {
            ["theme:2"] = new(5, 5, "lead@example.com"),
            ["theme:1"] = new(1, null, null),
        });
        Assert.Equal(["theme:2", "theme:1"], weighed.Select(g => g.Key));
        var top = weighed[0];
        Assert.Equal(top.Revenue!.Value * 2.25, top.Score, 6);
        Assert.Equal("lead@example.com", top.Owner);
        Assert.Equal(2, top.Factors.Count);
        Assert.Equal(0.5, weighed[1].Factors.Single().Multiplier);
    }

    [Fact]
    public void MomentOfTruth_AndWorseReviews_AreFactors_AndTooFewAreNotRanked()
    {
        var atTruth = Gap("touchpoint:1", 1_000, 200, momentOfTruth: true, competitors: new CompetitorTally(1_000, 300, 1_000, 150));
        var tiny = Gap("theme:9", 20, 15);
        var ranked = Prioritiser.Rank(Base, [tiny, atTruth], new Dictionary<string, GapInputs>());

        Assert.Equal(1, ranked[0].Rank);
        Assert.Equal(["Moment of truth", "Competitors better"], ranked[0].Factors.Select(f => f.Name));
        Assert.Equal(ranked[0].Revenue!.Value * 1.25 * 1.25, ranked[0].Score, 6);
        Assert.True(ranked[0].CompetitiveGap!.Significant);
        Assert.Equal(15, ranked[0].CompetitiveGap!.Value, 6);
        Assert.Equal(0, ranked[1].Rank);
        Assert.True(ranked[1].TooFew);
        Assert.Contains("too few to rank", ranked[1].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void NoExcessChurn_MeansNothingAtRisk_AndNpsCostBreaksTheTie()
    {
        // Both churn at the base rate; the one that costs more NPS comes first.
        var mild = Gap("theme:1", 1_000, 100) with { Nps = Nps(500, 200, 100) };
        var harsh = Gap("theme:2", 1_000, 100) with { Nps = Nps(500, 50, 300) };
        var ranked = Prioritiser.Rank(Base, [mild, harsh], new Dictionary<string, GapInputs>());

        Assert.All(ranked, g => Assert.Equal(0, g.Revenue!.Value));
        Assert.Equal(["theme:2", "theme:1"], ranked.Select(g => g.Key));
        Assert.True(ranked[0].NpsGap!.Delta < ranked[1].NpsGap!.Delta);
    }

    [Fact]
    public void Newcombe_MatchesThePublishedExample()
    {
        // Newcombe (1998), example (a): 56/70 − 48/80 = 0.2, hybrid score interval 0.0524 to 0.3339.
        var d = ProportionDifference.Of(56, 70, 48, 80)!;
        Assert.Equal(20, d.Value, 9);
        Assert.Equal(5.24, d.Low, 2);
        Assert.Equal(33.39, d.High, 2);
        Assert.True(d.Significant);
        Assert.Null(ProportionDifference.Of(1, 0, 1, 10));
    }

    [Fact]
    public void LifetimeValue_IsRevenueOverChurn_Capped_AndTheSeedFormula()
    {
        Assert.Equal(50, LifetimeValue.ExpectedMonths(0.02), 9);
        Assert.Equal(LifetimeValue.MaximumMonths, LifetimeValue.ExpectedMonths(0));
        Assert.Equal(30 * 0.4 * 50, LifetimeValue.FromChurn(30, 0.02, 0.4), 9);
        Assert.Equal(80 * 3 * 4, LifetimeValue.Seed(80, 3, 4), 9);
    }
}
