using System.Globalization;
using Cairn.Core.Metrics;

namespace Cairn.Core.Alerts;

/// <summary>An alert to raise: its kind (metric_drop, theme_surge), what it is about, the week it covers, and what to read.</summary>
public sealed record AlertDraft(string Kind, string Subject, DateTime WindowStart, DateTime WindowEnd, string Title, string Detail);

/// <summary>A theme's mentions in the week and in the four weeks before it.</summary>
public sealed record ThemeCount(long ThemeId, string Name, long Current, long Baseline);

/// <summary>
/// Finds what deserves a person's attention this week, without crying wolf: a score metric whose
/// week is significantly worse than the four weeks before it (two-sample test, 95%), and a theme
/// raised by a significantly larger share of feedback than before (Newcombe interval above zero),
/// at least half as often again and by at least <see cref="MinimumMentions"/> items.
/// </summary>
public static class AlertDetector
{
    public const string MetricDropKind = "metric_drop";
    public const string ThemeSurgeKind = "theme_surge";
    public const int MinimumMentions = 10;
    public const double SurgeRatio = 1.5;
    public const int BaselineWeeks = 4;

    /// <summary>The last complete week (Monday to Monday, UTC) before <paramref name="now"/>, and the start of the four weeks before it.</summary>
    public static (DateTime BaselineStart, DateTime Start, DateTime End) Windows(DateTime now)
    {
        var today = now.Date;
        var end = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)); // this week's Monday
        var start = end.AddDays(-7);
        return (start.AddDays(-7 * BaselineWeeks), start, end);
    }

    public static AlertDraft? MetricDrop(ScoreMetric metric, ScoreTally baseline, ScoreTally current, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var before = metric.Estimate(baseline);
        var after = metric.Estimate(current);
        if (Change.Between(metric, before, after) is not { Significant: true } change || (metric.HigherIsBetter ? change.Delta >= 0 : change.Delta <= 0))
        {
            return null;
        }

        var word = metric.HigherIsBetter ? "fell" : "rose (more effort)";
        var name = metric.Key.ToUpperInvariant();
        var format = metric.Unit.Length == 0 ? "0.00" : "0.0"; // a mean on a short scale (CES) needs two decimals
        return new AlertDraft(MetricDropKind, metric.Key, start, end,
            string.Create(CultureInfo.InvariantCulture, $"{name} {word} by {Math.Abs(change.Delta):0.0} in the week of {start:yyyy-MM-dd}"),
            string.Create(CultureInfo.InvariantCulture,
                $"{name} {after.Value.ToString(format, CultureInfo.InvariantCulture)} (n = {after.N:N0}) against {before.Value.ToString(format, CultureInfo.InvariantCulture)} (n = {before.N:N0}) in the {BaselineWeeks} weeks before: {change.Verdict}."));
    }

    public static IReadOnlyList<AlertDraft> ThemeSurges(IEnumerable<ThemeCount> counts, long currentTotal, long baselineTotal, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var alerts = new List<AlertDraft>();
        foreach (var theme in counts.Where(c => c.Current >= MinimumMentions && currentTotal > 0 && baselineTotal > 0))
        {
            var now = theme.Current / (double)currentTotal;
            var before = theme.Baseline / (double)baselineTotal;
            if (now < SurgeRatio * before || ProportionDifference.Of(theme.Current, currentTotal, theme.Baseline, baselineTotal) is not { Low: > 0 })
            {
                continue;
            }

            alerts.Add(new AlertDraft(ThemeSurgeKind, "theme:" + theme.ThemeId.ToString(CultureInfo.InvariantCulture), start, end,
                string.Create(CultureInfo.InvariantCulture, $"{theme.Name} surged in the week of {start:yyyy-MM-dd}"),
                string.Create(CultureInfo.InvariantCulture,
                    $"{theme.Current:N0} of {currentTotal:N0} feedback items ({now * 100:0.0}%) raised {theme.Name}, against {before * 100:0.0}% ({theme.Baseline:N0} of {baselineTotal:N0}) in the {BaselineWeeks} weeks before.")));
        }

        return alerts;
    }
}
