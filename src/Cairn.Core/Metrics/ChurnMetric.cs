namespace Cairn.Core.Metrics;

/// <summary>
/// What the store counts for one slice and period of churn: customers at the period's start, how
/// many of them were lost during it, and how many of those left by choice or not (failed payment).
/// </summary>
public sealed record ChurnTally(long AtStart, long Lost, long Voluntary, long Involuntary);

/// <summary>
/// Churn rate = customers lost during the period ÷ customers at its start × 100 (DOMAIN.md), with a
/// Wilson interval; retention is its complement. Customers who join and leave within one period are
/// in neither count, as the formula's denominator says. Sliced by customer attributes only: churn by
/// experience (touchpoint, theme) is a comparison of groups, not a slice.
/// </summary>
public sealed class ChurnMetric : Metric
{
    public static readonly ChurnMetric Instance = new();

    private ChurnMetric()
    {
    }

    public override string Key => "churn";

    public override string Title => "Churn rate (lost ÷ customers at start)";

    public override string Unit => "%";

    public override bool HigherIsBetter => false;

    public override IReadOnlyList<Dimension> Dimensions { get; } = [Dimension.Segment, Dimension.Persona, Dimension.Plan, Dimension.Region];

    public static Estimate Estimate(ChurnTally tally, double level = 0.95, long minimumN = MetricQuery.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.AtStart == 0)
        {
            return Metrics.Estimate.None;
        }

        var p = (double)tally.Lost / tally.AtStart;
        var (low, high) = Wilson(tally.Lost, tally.AtStart, Normal.TwoSidedCritical(level));
        return new Estimate(100 * p, low, high, 100 * Math.Sqrt(p * (1 - p) / tally.AtStart), tally.AtStart, tally.AtStart < minimumN);
    }

    /// <summary>Voluntary and involuntary churn rates and retention, in percent of customers at start.</summary>
    public static IReadOnlyDictionary<string, double> Breakdown(ChurnTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.AtStart == 0)
        {
            return new Dictionary<string, double>();
        }

        return new Dictionary<string, double>
        {
            ["voluntary"] = 100.0 * tally.Voluntary / tally.AtStart,
            ["involuntary"] = 100.0 * tally.Involuntary / tally.AtStart,
            ["retention"] = 100.0 * (tally.AtStart - tally.Lost) / tally.AtStart,
        };
    }

    /// <summary>The consecutive periods covering [from, to): each starts on a period boundary (UTC; weeks on Monday).</summary>
    public static IReadOnlyList<(DateTime Start, DateTime End)> Periods(DateTime from, DateTime to, Period period)
    {
        var list = new List<(DateTime, DateTime)>();
        for (var start = Floor(from, period); start < to; start = Next(start, period))
        {
            list.Add((start, Next(start, period)));
        }

        return list;
    }

    private static DateTime Floor(DateTime t, Period period) => period switch
    {
        Period.Day => t.Date,
        Period.Week => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
        Period.Month => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private static DateTime Next(DateTime t, Period period) => period switch
    {
        Period.Day => t.AddDays(1),
        Period.Week => t.AddDays(7),
        Period.Month => t.AddMonths(1),
        _ => t.AddMonths(3),
    };
}
