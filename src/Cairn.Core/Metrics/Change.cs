using System.Globalization;

namespace Cairn.Core.Metrics;

/// <summary>
/// Is the later value really different from the earlier one? A two-sample z-test on the difference
/// of two independent estimates (SE = √(SE₁² + SE₂²)), with the p-value and a verdict in plain words.
/// Independent samples is the right model for two periods of a survey, where most respondents differ.
/// </summary>
public sealed record Change(double Delta, double Low, double High, double PValue, bool Significant, string Verdict)
{
    public static Change? Between(Metric metric, Estimate before, Estimate after, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.TooFew || after.TooFew || before.N == 0 || after.N == 0)
        {
            return null;
        }

        var delta = after.Value - before.Value;
        var se = Math.Sqrt(before.StandardError * before.StandardError + after.StandardError * after.StandardError);
        var p = se > 0 ? 2 * (1 - Normal.Cdf(Math.Abs(delta) / se)) : (delta == 0 ? 1 : 0);
        var z = Normal.TwoSidedCritical(level);
        var significant = p < 1 - level;
        return new Change(delta, delta - z * se, delta + z * se, p, significant, Describe(metric, delta, p, significant, level));
    }

    /// <summary>A difference as people read it: "19.0 points" (NPS, and shares in %), "0.5 stars", "1.2" (a CES mean).</summary>
    internal static string Size(Metric metric, double delta) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(delta):0.0#}{(metric.Unit == "%" ? " points" : metric.Unit.Length > 0 ? " " + metric.Unit : "")}");

    /// <summary>"p = 0.033", or "p &lt; 0.001" rather than a string of zeros.</summary>
    internal static string PText(double p) => p < 0.001 ? "p < 0.001" : string.Create(CultureInfo.InvariantCulture, $"p = {p:0.000}");

    private static string Describe(Metric metric, double delta, double p, bool significant, double level)
    {
        var size = Size(metric, delta);
        var pText = PText(p);
        var levelText = string.Create(CultureInfo.InvariantCulture, $"{level * 100:0.#}%");
        if (!significant)
        {
            return $"no real change: a difference of {size} is within chance ({pText})";
        }

        var better = metric.HigherIsBetter ? delta > 0 : delta < 0;
        var direction = delta > 0 ? "rose" : "fell";
        return $"{metric.Key.ToUpperInvariant()} {direction} by {size}, {(better ? "better" : "worse")}, a real change at {levelText} confidence ({pText})";
    }
}
