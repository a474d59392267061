namespace Cairn.Core.Metrics;

/// <summary>
/// The internal benchmark (DOMAIN.md): the best and the worst slice of one grouping (segment,
/// channel, region …) and whether the gap between them is real. The best slice shows what the
/// company already achieves somewhere; the gap is what the worst could gain by matching it.
/// </summary>
public sealed record InternalBenchmark(MetricSlice Best, MetricSlice Worst, Change Gap, string Verdict)
{
    /// <summary>Null unless the report is grouped (without periods) and at least two slices have enough answers.</summary>
    public static InternalBenchmark? Of(MetricReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metric = report.Query.Metric;
        var stated = report.Slices.Where(s => !s.Estimate.TooFew).ToList();
        if (report.Query.By is null || report.Query.Period is not null || stated.Count < 2)
        {
            return null;
        }

        var ordered = stated.OrderByDescending(s => metric.HigherIsBetter ? s.Estimate.Value : -s.Estimate.Value).ToList();
        var (best, worst) = (ordered[0], ordered[^1]);
        var gap = Change.Between(metric, worst.Estimate, best.Estimate, report.Query.Level);
        if (gap is null)
        {
            return null;
        }

        var size = Change.Size(metric, gap.Delta);
        var p = Change.PText(gap.PValue);
        var verdict = gap.Significant
            ? $"best {best.Key}, worst {worst.Key}: a real gap of {size} ({p})"
            : $"best {best.Key}, worst {worst.Key}: the gap of {size} is within chance ({p})";
        return new InternalBenchmark(best, worst, gap, verdict);
    }
}
