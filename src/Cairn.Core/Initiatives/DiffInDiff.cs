using System.Globalization;
using Cairn.Core.Metrics;

namespace Cairn.Core.Initiatives;

/// <summary>
/// Did an initiative move its metric? Difference-in-differences: the change among the affected
/// customers (before → after launch) minus the change among everyone else over the same weeks, so
/// a market-wide drift or a seasonal dip is not credited to the initiative. The four cells are
/// independent samples, so SE = √(ΣSE²). Without a comparison group (everyone was affected, or
/// the others answered too rarely) it falls back to before/after for the affected alone, and says so.
/// </summary>
/// <param name="AffectedBefore">The metric among the affected before launch.</param>
/// <param name="AffectedAfter">The metric among the affected after launch.</param>
/// <param name="OthersBefore">The metric among the others before launch.</param>
/// <param name="OthersAfter">The metric among the others after launch.</param>
/// <param name="Effect">The estimated effect in the metric's units (null when the affected have too few answers).</param>
/// <param name="Low">Low end of its interval.</param>
/// <param name="High">High end of its interval.</param>
/// <param name="PValue">Two-sided p-value of "no effect".</param>
/// <param name="Significant">Whether the interval leaves out zero.</param>
/// <param name="Controlled">Whether a comparison group was used (true difference-in-differences).</param>
/// <param name="Verdict">The result in plain words.</param>
public sealed record DiffInDiff(
    Estimate AffectedBefore, Estimate AffectedAfter, Estimate OthersBefore, Estimate OthersAfter,
    double? Effect, double? Low, double? High, double? PValue, bool Significant, bool Controlled, string Verdict)
{
    public static DiffInDiff Of(ScoreMetric metric, ScoreTally affectedBefore, ScoreTally affectedAfter, ScoreTally othersBefore, ScoreTally othersAfter,
        double level = 0.95, long minimumN = 30)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var ab = metric.Estimate(affectedBefore, level, minimumN);
        var aa = metric.Estimate(affectedAfter, level, minimumN);
        var ob = metric.Estimate(othersBefore, level, minimumN);
        var oa = metric.Estimate(othersAfter, level, minimumN);
        if (ab.TooFew || aa.TooFew)
        {
            return new DiffInDiff(ab, aa, ob, oa, null, null, null, null, false, false,
                F($"not measurable yet: the affected customers gave {ab.N:N0} answers before launch and {aa.N:N0} after; {minimumN} are needed on each side"));
        }

        var controlled = !ob.TooFew && !oa.TooFew;
        var effect = (aa.Value - ab.Value) - (controlled ? oa.Value - ob.Value : 0);
        var variance = aa.StandardError * aa.StandardError + ab.StandardError * ab.StandardError
            + (controlled ? oa.StandardError * oa.StandardError + ob.StandardError * ob.StandardError : 0);
        var se = Math.Sqrt(variance);
        var z = Normal.TwoSidedCritical(level);
        var p = se > 0 ? 2 * (1 - Normal.Cdf(Math.Abs(effect) / se)) : (effect == 0 ? 1 : 0);
        var significant = p < 1 - level;
        return new DiffInDiff(ab, aa, ob, oa, effect, effect - z * se, effect + z * se, p, significant, controlled,
            Describe(metric, effect, effect - z * se, effect + z * se, p, significant, controlled, level));
    }

    private static string Describe(Metric metric, double effect, double low, double high, double p, bool significant, bool controlled, double level)
    {
        var size = Change.Size(metric, effect);
        var interval = F($"{level * 100:0.#}% CI {low:+0.0#;-0.0#;0} to {high:+0.0#;-0.0#;0}");
        var method = controlled ? "against the customers it did not touch" : "before/after among the affected only, with no comparison group, so changes that hit everyone cannot be told apart";
        if (!significant)
        {
            return $"no measurable effect: {metric.Key.ToUpperInvariant()} moved {size} {method} ({interval}, {Change.PText(p)})";
        }

        var better = metric.HigherIsBetter ? effect > 0 : effect < 0;
        return $"it moved: {metric.Key.ToUpperInvariant()} {(effect > 0 ? "rose" : "fell")} by {size} {method}, {(better ? "better" : "worse")} ({interval}, {Change.PText(p)})";
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
