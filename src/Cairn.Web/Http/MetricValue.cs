using Cairn.Core.Metrics;

namespace Cairn.Web.Http;

/// <summary>A metric value with its 95% interval and n; null value when there are too few answers to show one.</summary>
public sealed record MetricValue(double? Value, double? Low, double? High, long N, bool TooFew)
{
    public static MetricValue? Of(Estimate? estimate) => estimate is null ? null
        : estimate.TooFew ? new MetricValue(null, null, null, estimate.N, true)
        : new MetricValue(estimate.Value, estimate.Low, estimate.High, estimate.N, false);
}
