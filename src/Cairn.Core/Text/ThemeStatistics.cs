using Cairn.Core.Metrics;

namespace Cairn.Core.Text;

/// <summary>Is a theme's share of feedback rising? Recent months against the months before, with a two-proportion z-test.</summary>
public sealed record ThemeShift(double RecentShare, double EarlierShare, double PValue, bool Significant, string Verdict)
{
    /// <summary>
    /// Compares the theme's share of all feedback in the recent window with the window before.
    /// Null when either window has no feedback at all.
    /// </summary>
    public static ThemeShift? Between(long recentMentions, long recentTotal, long earlierMentions, long earlierTotal, double level = 0.95)
    {
        if (recentTotal <= 0 || earlierTotal <= 0)
        {
            return null;
        }

        var p1 = (double)recentMentions / recentTotal;
        var p0 = (double)earlierMentions / earlierTotal;
        var pooled = (double)(recentMentions + earlierMentions) / (recentTotal + earlierTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / recentTotal + 1.0 / earlierTotal));
        var p = se > 0 ? 2 * (1 - Normal.Cdf(Math.Abs(p1 - p0) / se)) : 1;
        var significant = p < 1 - level;
        var verdict = !significant ? "steady" : p1 > p0 ? "rising" : "falling";
        return new ThemeShift(p1 * 100, p0 * 100, p, significant, verdict);
    }
}

/// <summary>
/// How much a theme drags on NPS: NPS of customers who raised it against NPS of the customers
/// who answered but did not, with the interval and test of <see cref="Change"/>.
/// </summary>
public sealed record ThemeNpsImpact(Estimate Raised, Estimate Others, Change? Gap)
{
    public static ThemeNpsImpact Of(ScoreTally raised, ScoreTally everyone, long minimumN = MetricQuery.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentNullException.ThrowIfNull(everyone);
        var others = new ScoreTally(everyone.N - raised.N, everyone.Sum - raised.Sum, everyone.SumOfSquares - raised.SumOfSquares, everyone.Good - raised.Good, everyone.Bad - raised.Bad);
        var a = ScoreMetric.Nps.Estimate(raised, 0.95, minimumN);
        var b = ScoreMetric.Nps.Estimate(others, 0.95, minimumN);
        return new ThemeNpsImpact(a, b, Change.Between(ScoreMetric.Nps, b, a));
    }
}
