using Cairn.Core.Metrics;
using Cairn.Storage;

namespace Cairn.Web.Metrics;

/// <summary>
/// The metrics answer (DESIGN.md fixes metric, value, low, high, n and slices[key, value, low, high, n]).
/// A value is null when there are too few answers to state it (<c>tooFew</c>), never a misleading number.
/// <c>n</c> counts answers for score metrics and customers at the start for churn; <c>breakdown</c>
/// holds a metric's parts (churn: voluntary, involuntary and retention, in percent).
/// </summary>
public sealed record MetricResponse(
    string Metric,
    string Title,
    string Unit,
    double? Value,
    double? Low,
    double? High,
    long N,
    bool TooFew,
    double? StandardError,
    double Level,
    long MinimumN,
    string? By,
    string? Period,
    DateTime? From,
    DateTime? To,
    IReadOnlyDictionary<string, double>? Breakdown,
    IReadOnlyList<BenchmarkGap> Benchmarks,
    InternalGapResponse? Internal,
    IReadOnlyList<SliceResponse> Slices)
{
    public static MetricResponse Of(MetricReport report, IEnumerable<CairnStore.BenchmarkRow> benchmarks)
    {
        var q = report.Query;
        var overall = report.Overall;
        var stated = !overall.TooFew;
        return new MetricResponse(
            q.Metric.Key,
            q.Metric.Title,
            q.Metric.Unit,
            stated ? overall.Value : null,
            stated ? overall.Low : null,
            stated ? overall.High : null,
            overall.N,
            overall.TooFew,
            stated ? overall.StandardError : null,
            q.Level,
            q.MinimumN,
            q.By?.ToString().ToLowerInvariant(),
            q.Period?.ToString().ToLowerInvariant(),
            q.From,
            q.To,
            report.Breakdown,
            benchmarks.Where(b => string.Equals(b.Metric, q.Metric.Key, StringComparison.OrdinalIgnoreCase)).Select(b => BenchmarkGap.Of(b, overall)).ToList(),
            InternalBenchmark.Of(report) is { } i ? new InternalGapResponse(i.Best.Key, i.Worst.Key, new ChangeResponse(i.Gap.Delta, i.Gap.Low, i.Gap.High, i.Gap.PValue, i.Gap.Significant, i.Verdict), i.Verdict) : null,
            report.Slices.Select(SliceResponse.Of).ToList());
    }
}

public sealed record SliceResponse(string Key, string? Group, string? Period, double? Value, double? Low, double? High, long N, bool TooFew, ChangeResponse? Change, IReadOnlyDictionary<string, double>? Breakdown)
{
    public static SliceResponse Of(MetricSlice slice)
    {
        var e = slice.Estimate;
        var stated = !e.TooFew;
        return new SliceResponse(slice.Key, slice.Group, slice.PeriodStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            stated ? e.Value : null, stated ? e.Low : null, stated ? e.High : null, e.N, e.TooFew,
            slice.Change is { } c ? new ChangeResponse(c.Delta, c.Low, c.High, c.PValue, c.Significant, c.Verdict) : null,
            stated ? slice.Breakdown : null);
    }
}

/// <summary>The internal benchmark of a grouped metric: best and worst slice and the gap between them (best − worst).</summary>
public sealed record InternalGapResponse(string Best, string Worst, ChangeResponse Gap, string Verdict);

/// <summary>The change from the previous period of the same group, with its interval and test.</summary>
public sealed record ChangeResponse(double Delta, double Low, double High, double PValue, bool Significant, string Verdict);

/// <summary>Where the overall value stands against one benchmark: gap = value − benchmark (the range's middle when it is a range).</summary>
public sealed record BenchmarkGap(string Level, string Label, double? Value, double? Low, double? High, double? Gap, string? Source)
{
    public static BenchmarkGap Of(CairnStore.BenchmarkRow b, Estimate overall)
    {
        var target = b.Value ?? (b.Low is { } lo && b.High is { } hi ? (lo + hi) / 2 : null);
        double? gap = overall.TooFew || target is null ? null : overall.Value - target;
        return new BenchmarkGap(b.Level, b.Label, b.Value, b.Low, b.High, gap, b.Source);
    }
}
