namespace Cairn.Core.Metrics;

/// <summary>
/// What the store counts for one slice of one score question, so Core can turn it into a statistic:
/// the number of answers, their sum and sum of squares (for a mean and its spread), and how many
/// fell in the metric's "good" and "bad" ranges (promoters and detractors; satisfied; low and high effort).
/// </summary>
public sealed record ScoreTally(long N, double Sum, double SumOfSquares, long Good, long Bad)
{
    public static readonly ScoreTally Empty = new(0, 0, 0, 0, 0);

    public static ScoreTally operator +(ScoreTally a, ScoreTally b) =>
        new(a.N + b.N, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares, a.Good + b.Good, a.Bad + b.Bad);

    /// <summary>Tallies a distribution the store counted (score → answers), e.g. one survey's question.</summary>
    public static ScoreTally OfCounts(IEnumerable<(double Score, long Count)> counts, ScoreMetric metric)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(metric);
        var tally = Empty;
        foreach (var (s, n) in counts)
        {
            tally += new ScoreTally(n, s * n, s * s * n, metric.Good.Contains(s) ? n : 0, metric.Bad.Contains(s) ? n : 0);
        }

        return tally;
    }

    /// <summary>Tallies raw scores (tests, small in-memory sets); the store does the same in SQL.</summary>
    public static ScoreTally Of(IEnumerable<double> scores, ScoreMetric metric)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(metric);
        var tally = Empty;
        foreach (var s in scores)
        {
            tally += new ScoreTally(1, s, s * s, metric.Good.Contains(s) ? 1 : 0, metric.Bad.Contains(s) ? 1 : 0);
        }

        return tally;
    }
}

/// <summary>An inclusive range of scores.</summary>
public readonly record struct ScoreRange(double Min, double Max)
{
    public bool Contains(double score) => score >= Min && score <= Max;
}
