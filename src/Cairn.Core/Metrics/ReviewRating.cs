namespace Cairn.Core.Metrics;

/// <summary>
/// The competitive benchmark (DOMAIN.md, "benchmarking"): public review ratings of us and of each
/// competitor, on a common 1-5 star scale, with intervals, and each competitor's gap to us tested
/// like a change (is the difference real?). Review ratings are a biased sample of customers (the
/// delighted and the furious write), but the bias is alike for every company rated on the same sites,
/// which is what makes the comparison fair.
/// </summary>
public sealed class ReviewRating : Metric
{
    public static readonly ReviewRating Instance = new();

    private ReviewRating()
    {
    }

    public override string Key => "rating";

    public override string Title => "Review rating (stars of 5)";

    public override string Unit => "stars";

    /// <summary>Mean stars with mean ± z·s/√n; Good counts 4-5 stars, Bad 1-2.</summary>
    public static Estimate Estimate(ScoreTally tally, double level = 0.95, long minimumN = MetricQuery.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.N == 0)
        {
            return Metrics.Estimate.None;
        }

        var (mean, low, high, se) = MeanInterval(tally, Normal.TwoSidedCritical(level), 1, 5);
        return new Estimate(mean, low, high, se, tally.N, tally.N < minimumN);
    }
}

/// <summary>One company's review standing: its rating, share of 4-5 star reviews, and (for a competitor) its gap to us.</summary>
public sealed record CompetitorStanding(string Name, bool IsUs, Estimate Rating, double PositiveShare, Change? GapToUs, string? Verdict);

public static class CompetitiveBenchmark
{
    /// <summary>
    /// Builds the standings from per-company tallies (a null competitor is us). A competitor's gap is
    /// its rating minus ours, so a positive gap means they are rated higher.
    /// </summary>
    public static IReadOnlyList<CompetitorStanding> Build(IReadOnlyList<(string? Competitor, ScoreTally Tally)> tallies, double level = 0.95, long minimumN = MetricQuery.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var us = tallies.FirstOrDefault(t => t.Competitor is null).Tally ?? ScoreTally.Empty;
        var ours = ReviewRating.Estimate(us, level, minimumN);
        var list = new List<CompetitorStanding> { new("us", true, ours, Share(us), null, null) };
        foreach (var (competitor, tally) in tallies.Where(t => t.Competitor is not null).OrderBy(t => t.Competitor, StringComparer.Ordinal))
        {
            var theirs = ReviewRating.Estimate(tally, level, minimumN);
            var gap = Change.Between(ReviewRating.Instance, ours, theirs, level);
            list.Add(new CompetitorStanding(competitor!, false, theirs, Share(tally), gap, gap is null ? null : Describe(competitor!, gap)));
        }

        return list;
    }

    private static string Describe(string competitor, Change gap)
    {
        var p = Change.PText(gap.PValue);
        var size = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Abs(gap.Delta):0.00} stars");
        return gap.Significant
            ? $"{competitor} is rated {size} {(gap.Delta > 0 ? "higher" : "lower")} than us, a real gap ({p})"
            : $"no real gap: {competitor} is within chance of us ({size}, {p})";
    }

    private static double Share(ScoreTally tally) => tally.N == 0 ? double.NaN : 100.0 * tally.Good / tally.N;
}
