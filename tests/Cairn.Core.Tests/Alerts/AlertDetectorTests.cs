using Cairn.Core.Alerts;
using Cairn.Core.Metrics;

namespace Cairn.Core.Tests.Alerts;

public sealed class AlertDetectorTests
{
    private static readonly DateTime Start = new(2026, 10, 26, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = Start.AddDays(7);

    /// <summary>An NPS tally of n answers with the given promoter and detractor counts (passives score 8).</summary>
    private static ScoreTally Nps(long promoters, long passives, long detractors) =>
        new(promoters + passives + detractors, promoters * 10 + passives * 8 + detractors * 3, promoters * 100 + passives * 64 + detractors * 9, promoters, detractors);

    [Fact]
    public void Windows_AreTheLastCompleteWeek_AndTheFourBefore()
    {
        var (baseline, start, end) = AlertDetector.Windows(new DateTime(2026, 11, 4, 15, 0, 0, DateTimeKind.Utc)); // a Wednesday
        Assert.Equal((new DateTime(2026, 9, 28), new DateTime(2026, 10, 26), new DateTime(2026, 11, 2)), (baseline, start, end));
        Assert.Equal(DayOfWeek.Monday, end.DayOfWeek);
    }

    [Fact]
    public void ASignificantFall_IsAnAlert_AndNoiseIsNot()
    {
        var drop = AlertDetector.MetricDrop(ScoreMetric.Nps, Nps(400, 300, 300), Nps(60, 60, 120), Start, End);
        Assert.NotNull(drop);
        Assert.Equal(("metric_drop", "nps"), (drop.Kind, drop.Subject));
        Assert.StartsWith("NPS fell by 35", drop.Title, StringComparison.Ordinal);

        Assert.Null(AlertDetector.MetricDrop(ScoreMetric.Nps, Nps(400, 300, 300), Nps(38, 30, 32), Start, End));  // 10 → 6 on 100 answers: noise
        Assert.Null(AlertDetector.MetricDrop(ScoreMetric.Nps, Nps(300, 300, 400), Nps(120, 60, 60), Start, End)); // a rise is no alert
    }

    [Fact]
    public void ForEffort_ARiseIsTheBadDirection()
    {
        var ces = ScoreMetric.Ces;
        static ScoreTally Effort(long n, double mean) => new(n, n * mean, n * (mean * mean + 1), 0, 0);
        Assert.NotNull(AlertDetector.MetricDrop(ces, Effort(800, 3.0), Effort(200, 4.0), Start, End));
        Assert.Null(AlertDetector.MetricDrop(ces, Effort(800, 4.0), Effort(200, 3.0), Start, End));
    }

    [Fact]
    public void ASurgingTheme_NeedsAShareSignificantlyAndHalfAgainHigher_AndTenMentions()
    {
        ThemeCount[] counts = [new(1, "eSIM transfer", 40, 40), new(2, "Billing", 22, 80), new(3, "Rare", 8, 2), new(4, "Steady", 50, 190)];

        var surges = AlertDetector.ThemeSurges(counts, 500, 2000, Start, End);

        var surge = Assert.Single(surges);
        Assert.Equal(("theme_surge", "theme:1"), (surge.Kind, surge.Subject));
        Assert.Contains("40 of 500 feedback items (8.0%) raised eSIM transfer, against 2.0%", surge.Detail, StringComparison.Ordinal);
    }
}
