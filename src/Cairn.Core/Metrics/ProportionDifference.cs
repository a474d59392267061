namespace Cairn.Core.Metrics;

/// <summary>
/// The difference of two proportions, k₁/n₁ − k₂/n₂, in percentage points, with Newcombe's hybrid
/// score interval (built from the two Wilson intervals): unlike the Wald interval it stays honest
/// when a rate is near 0% or 100% or a group is small.
/// </summary>
public sealed record ProportionDifference(double Value, double Low, double High)
{
    /// <summary>Whether the interval leaves out zero: the two rates really differ.</summary>
    public bool Significant => Low > 0 || High < 0;

    public static ProportionDifference? Of(long k1, long n1, long k2, long n2, double level = 0.95)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return null;
        }

        var z = Normal.TwoSidedCritical(level);
        var p1 = 100.0 * k1 / n1;
        var p2 = 100.0 * k2 / n2;
        var (l1, u1) = Metric.Wilson(k1, n1, z);
        var (l2, u2) = Metric.Wilson(k2, n2, z);
        var d = p1 - p2;
        return new ProportionDifference(d, d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)), d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    }
}
