using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;

namespace Cairn.Core.Tests;

public sealed class MetricStatisticsTests
{
    private static double[] Scores(params (double Score, int Count)[] counts) => counts.SelectMany(c => Enumerable.Repeat(c.Score, c.Count)).ToArray();

    [Theory]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.001, -3.090232)]
    [InlineData(0.9, 1.281552)]
    public void NormalQuantile_MatchesTables(double p, double expected) => Assert.Equal(expected, Normal.Quantile(p), 5);

    [Theory]
    [InlineData(1.96, 0.9750021)]
    [InlineData(-3.0, 0.0013499)]
    [InlineData(0.0, 0.5)]
    public void NormalCdf_MatchesTables(double x, double expected) => Assert.Equal(expected, Normal.Cdf(x), 6);

    [Fact]
    public void Nps_HandComputed()
    {
        // 5 promoters, 3 passives, 2 detractors: NPS = 50 - 20 = 30;
        // SE = 100 × √((0.5 + 0.2 - 0.3²) / 10) = 24.698; 95% interval = 30 ± 1.95996 × 24.698.
        var estimate = ScoreMetric.Nps.Estimate(ScoreTally.Of(Scores((10, 3), (9, 2), (8, 2), (7, 1), (3, 1), (6, 1)), ScoreMetric.Nps), minimumN: 1);
        Assert.Equal(30, estimate.Value, 9);
        Assert.Equal(24.698, estimate.StandardError, 3);
        Assert.Equal(-18.4075, estimate.Low, tolerance: 0.001);
        Assert.Equal(78.4075, estimate.High, tolerance: 0.001);
        Assert.Equal(10, estimate.N);
    }

    [Fact]
    public void Nps_AllPromoters_Is100_WithAZeroWidthInterval()
    {
        var estimate = ScoreMetric.Nps.Estimate(ScoreTally.Of(Scores((10, 40)), ScoreMetric.Nps));
        Assert.Equal((100.0, 100.0, 100.0), (estimate.Value, estimate.Low, estimate.High));
        Assert.False(estimate.TooFew);
    }

    [Fact]
    public void NoAnswers_GiveNoValue_AndASingleAnswerIsTooFew()
    {
        var none = ScoreMetric.Nps.Estimate(ScoreTally.Empty);
        Assert.True(none.TooFew);
        Assert.True(double.IsNaN(none.Value));
        var one = ScoreMetric.Nps.Estimate(ScoreTally.Of([9], ScoreMetric.Nps));
        Assert.True(one.TooFew);
        Assert.Equal(100, one.Value);
    }

    [Fact]
    public void Csat_IsTopTwoBox_WithAWilsonInterval()
    {
        // 8 of 10 satisfied: Wilson 95% interval 49.02% to 94.33% (the textbook example).
        var estimate = ScoreMetric.Csat.Estimate(ScoreTally.Of(Scores((5, 4), (4, 4), (3, 1), (1, 1)), ScoreMetric.Csat), minimumN: 1);
        Assert.Equal(80, estimate.Value, 9);
        Assert.Equal(49.02, estimate.Low, 2);
        Assert.Equal(94.33, estimate.High, 2);
    }

    [Fact]
    public void Ces_IsTheMean_WithItsStandardError()
    {
        // 1..5: mean 3, s = 1.5811, SE = 0.7071; 95% interval 3 ± 1.3859.
        var estimate = ScoreMetric.Ces.Estimate(ScoreTally.Of([1, 2, 3, 4, 5], ScoreMetric.Ces), minimumN: 1);
        Assert.Equal(3, estimate.Value, 9);
        Assert.Equal(0.7071, estimate.StandardError, 4);
        Assert.Equal(1.6141, estimate.Low, 4);
        Assert.Equal(4.3859, estimate.High, 4);
    }

    [Fact]
    public void Change_BetweenPeriods_HandComputed()
    {
        // Before: 400 answers, 50% promoters, 20% detractors (NPS 30, SE 3.905).
        // After: 400 answers, 40% promoters, 30% detractors (NPS 10, SE 4.153).
        // Difference -20, SE 5.700, z = -3.509, two-sided p = 0.00045.
        var before = ScoreMetric.Nps.Estimate(new ScoreTally(400, 0, 0, 200, 80));
        var after = ScoreMetric.Nps.Estimate(new ScoreTally(400, 0, 0, 160, 120));
        var change = Change.Between(ScoreMetric.Nps, before, after)!;
        Assert.Equal(-20, change.Delta, 9);
        Assert.Equal(0.00045, change.PValue, 5);
        Assert.True(change.Significant);
        Assert.Contains("fell by 20.0 points, worse", change.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_WithinNoise_IsNotSignificant_AndTooFewHasNoChange()
    {
        var before = ScoreMetric.Nps.Estimate(new ScoreTally(100, 0, 0, 40, 20));
        var after = ScoreMetric.Nps.Estimate(new ScoreTally(100, 0, 0, 42, 20));
        var change = Change.Between(ScoreMetric.Nps, before, after)!;
        Assert.False(change.Significant);
        Assert.StartsWith("no real change", change.Verdict, StringComparison.Ordinal);
        Assert.Null(Change.Between(ScoreMetric.Nps, before, ScoreMetric.Nps.Estimate(new ScoreTally(5, 0, 0, 5, 0))));
    }

    [Fact]
    public void LowerEffort_IsReportedAsBetter()
    {
        var before = ScoreMetric.Ces.Estimate(ScoreTally.Of(Scores((5, 60), (6, 40)), ScoreMetric.Ces));
        var after = ScoreMetric.Ces.Estimate(ScoreTally.Of(Scores((2, 60), (3, 40)), ScoreMetric.Ces));
        var verdict = Change.Between(ScoreMetric.Ces, before, after)!.Verdict;
        Assert.Contains("fell by 3.0, better", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_RandomTallies_StayInRange_AndIntervalsHoldTheEstimate()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var n = random.Next(1, 500);
            foreach (var metric in ScoreMetric.All)
            {
                var scores = Enumerable.Range(0, n).Select(_ => (double)random.Next((int)metric.Scale.Min, (int)metric.Scale.Max + 1)).ToArray();
                var e = metric.Estimate(ScoreTally.Of(scores, metric), level: 0.5 + random.NextDouble() * 0.49, minimumN: 1);
                var (min, max) = metric.Key switch { "nps" => (-100.0, 100.0), "csat" => (0.0, 100.0), _ => (metric.Scale.Min, metric.Scale.Max) };
                Assert.InRange(e.Value, min, max);
                Assert.InRange(e.Low, min, e.Value + 1e-9);
                Assert.InRange(e.High, e.Value - 1e-9, max);
            }
        }
    }

    [Fact]
    public void Property_SlicesAddUpToTheTotal()
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            var scores = Enumerable.Range(0, random.Next(0, 80)).Select(_ => (double)random.Next(0, 11));
            return new TallyRow($"g{i % 4}", new DateTime(2026, 1 + i / 4, 1, 0, 0, 0, DateTimeKind.Utc), ScoreTally.Of(scores, ScoreMetric.Nps));
        }).ToList();
        var query = new MetricQuery(ScoreMetric.Nps, Dimension.Segment, Period.Month, null, null, []);
        var report = MetricReport.Build(query, rows);
        Assert.Equal(report.Overall.N, report.Slices.Sum(s => s.Estimate.N));
        var all = ScoreTally.Empty;
        foreach (var row in rows)
        {
            all += row.Tally;
        }

        Assert.Equal(ScoreMetric.Nps.Estimate(all).Value, report.Overall.Value, 9);
        Assert.All(report.Slices.Where(s => s.Change is not null), s => Assert.NotEqual(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.PeriodStart));
    }

    [Fact]
    public void Query_BadParameters_AreEachNamed()
    {
        var errors = new List<ItemError>();
        Assert.Null(MetricQuery.Parse("nss", "colour", "fortnight", "yesterday", null, "segment", "2", "-1", errors));
        Assert.Equal(["metric", "by", "period", "from", "filter", "level", "minN"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Query_ByAPeriod_IsAShorthand_AndFiltersGroupValuesByDimension()
    {
        var errors = new List<ItemError>();
        var query = MetricQuery.Parse("NPS", "month", null, "2026-01-01", "2026-07-01", "channel:web, segment:business, channel:phone", null, null, errors)!;
        Assert.Empty(errors);
        Assert.Equal((null, Period.Month), (query.By, query.Period));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), query.From);
        Assert.Equal(["web", "phone"], query.Filters.Single(f => f.Dimension == Dimension.Channel).Values);
    }
}

public sealed class ChurnMetricTests
{
    [Fact]
    public void ChurnRate_IsLostOverCustomersAtStart_WithAWilsonInterval_AndItsParts()
    {
        // 1,000 at start, 50 lost (35 voluntary, 15 involuntary): 5.0% with Wilson 95% interval 3.82% to 6.53%.
        var tally = new ChurnTally(1000, 50, 35, 15);
        var estimate = ChurnMetric.Estimate(tally);
        Assert.Equal(5.0, estimate.Value, 9);
        Assert.Equal(3.82, estimate.Low, tolerance: 0.01);
        Assert.Equal(6.53, estimate.High, tolerance: 0.01);
        var parts = ChurnMetric.Breakdown(tally);
        Assert.Equal((3.5, 1.5, 95.0), (parts["voluntary"], parts["involuntary"], parts["retention"]));
    }

    [Fact]
    public void RisingChurn_IsReportedAsWorse()
    {
        var before = ChurnMetric.Estimate(new ChurnTally(10_000, 200, 150, 50));
        var after = ChurnMetric.Estimate(new ChurnTally(10_000, 300, 220, 80));
        var change = Change.Between(ChurnMetric.Instance, before, after)!;
        Assert.True(change.Significant);
        Assert.Contains("rose by 1.0 points, worse", change.Verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("month", "2026-01-15", "2026-04-01", "2026-01-01,2026-02-01,2026-03-01")]
    [InlineData("quarter", "2026-02-10", "2026-07-01", "2026-01-01,2026-04-01")]
    [InlineData("week", "2026-11-04", "2026-11-17", "2026-11-02,2026-11-09,2026-11-16")]
    public void Periods_StartOnBoundaries_AndCoverTheRange(string period, string from, string to, string starts)
    {
        var list = ChurnMetric.Periods(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTime.Parse(to, System.Globalization.CultureInfo.InvariantCulture), Enum.Parse<Period>(period, true));
        Assert.Equal(starts.Split(','), list.Select(p => p.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(list.Zip(list.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }

    [Fact]
    public void Churn_CannotBeSlicedByWhereAnAnswerWasGiven()
    {
        var errors = new List<ItemError>();
        Assert.Null(MetricQuery.Parse("churn", "touchpoint", null, null, null, "channel:web", null, null, errors));
        Assert.Equal(["by", "filter"], errors.Select(e => e.Field));
    }
}

public sealed class CompetitiveBenchmarkTests
{
    [Fact]
    public void CompetitorRatedHigher_IsARealGap_AndOneWithinNoiseIsNot()
    {
        var us = ScoreTally.Of(Enumerable.Repeat(3.0, 100).Concat(Enumerable.Repeat(4.0, 100)), ScoreMetric.Csat);      // mean 3.5
        var better = ScoreTally.Of(Enumerable.Repeat(4.0, 100).Concat(Enumerable.Repeat(5.0, 100)), ScoreMetric.Csat);  // mean 4.5
        var alike = ScoreTally.Of(Enumerable.Repeat(3.0, 99).Concat(Enumerable.Repeat(4.0, 101)), ScoreMetric.Csat);    // mean 3.505

        var standings = CompetitiveBenchmark.Build([(null, us), ("Alike", alike), ("Better", better)]);

        Assert.Equal(["us", "Alike", "Better"], standings.Select(s => s.Name));
        Assert.Equal(3.5, standings[0].Rating.Value, 9);
        Assert.Equal(1.0, standings[2].GapToUs!.Delta, 9);
        Assert.Equal("Better is rated 1.00 stars higher than us, a real gap (p < 0.001)", standings[2].Verdict);
        Assert.False(standings[1].GapToUs!.Significant);
        Assert.Equal(50, standings[0].PositiveShare, 9);
    }
}

public sealed class InternalBenchmarkTests
{
    [Fact]
    public void BestAndWorstSlice_AndTheirGap_SkipSlicesWithTooFewAnswers()
    {
        var query = new MetricQuery(ScoreMetric.Nps, Dimension.Segment, null, null, null, []);
        TallyRow Row(string group, long n, long promoters, long detractors) => new(group, null, new ScoreTally(n, 0, 0, promoters, detractors));
        var report = MetricReport.Build(query, [Row("a", 400, 200, 80), Row("b", 400, 160, 120), Row("tiny", 10, 10, 0)]);

        var gap = InternalBenchmark.Of(report)!;

        Assert.Equal(("a", "b"), (gap.Best.Key, gap.Worst.Key)); // "tiny" (NPS 100 from 10 answers) is not a benchmark
        Assert.Equal(20, gap.Gap.Delta, 9);
        Assert.Equal("best a, worst b: a real gap of 20.0 points (p < 0.001)", gap.Verdict);
        Assert.Null(InternalBenchmark.Of(MetricReport.Build(query with { Period = Period.Month }, [])));
    }
}
