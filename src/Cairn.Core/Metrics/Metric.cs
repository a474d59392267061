namespace Cairn.Core.Metrics;

/// <summary>
/// Any metric Cairn reports: its key in URLs and the CLI, how people read its value, and which
/// direction is better (so a change can be called better or worse).
/// </summary>
public abstract class Metric
{
    /// <summary>Every metric, in the order the dashboard shows them.</summary>
    public static IReadOnlyList<Metric> All { get; } = [.. ScoreMetric.All, ScoreMetric.Fcr, ScoreMetric.Sentiment, ChurnMetric.Instance];

    /// <summary>The metric's name in URLs and the CLI: nps, csat, ces, fcr, sentiment, churn.</summary>
    public abstract string Key { get; }

    public abstract string Title { get; }

    /// <summary>Unit of the value as people read it: "points" for NPS, "%" for shares and rates, "" for a CES mean.</summary>
    public abstract string Unit { get; }

    /// <summary>Whether a larger value is better (false for CES effort and for churn).</summary>
    public virtual bool HigherIsBetter => true;

    /// <summary>The dimensions the metric can be sliced and filtered by.</summary>
    public virtual IReadOnlyList<Dimension> Dimensions { get; } = Enum.GetValues<Dimension>();

    public static Metric? Find(string key) =>
        All.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A mean with mean ± z·s/√n (s the sample standard deviation), kept within the scale.</summary>
    public static (double Mean, double Low, double High, double StandardError) MeanInterval(ScoreTally tally, double z, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var mean = tally.Sum / tally.N;
        var variance = tally.N > 1 ? Math.Max(0, (tally.SumOfSquares - tally.N * mean * mean) / (tally.N - 1)) : 0;
        var se = Math.Sqrt(variance / tally.N);
        return (mean, Math.Max(min, mean - z * se), Math.Min(max, mean + z * se), se);
    }

    /// <summary>The Wilson score interval for a proportion k/n, in percent: right near 0% and 100%, where the normal one is not.</summary>
    public static (double Low, double High) Wilson(long k, long n, double z)
    {
        var p = (double)k / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (100 * Math.Max(0, centre - half), 100 * Math.Min(1, centre + half));
    }
}
