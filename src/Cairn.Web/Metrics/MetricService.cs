using Cairn.Core.Metrics;
using Cairn.Storage;

namespace Cairn.Web.Metrics;

/// <summary>
/// Answers a metric query: the one path behind <c>GET /api/v1/metrics/{metric}</c>, the metrics
/// page and <c>cairn metrics</c>, so all three give the same numbers.
/// </summary>
public static class MetricService
{
    public static async Task<MetricResponse> GetAsync(CairnStore store, long workspaceId, MetricQuery query, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var benchmarks = await store.ListBenchmarksAsync(workspaceId);
        if (query.Metric is not ChurnMetric)
        {
            return MetricResponse.Of(MetricReport.Build(query, await store.TallyScoresAsync(workspaceId, query)), benchmarks);
        }

        // Churn is a rate over a span: by default the twelve complete months before now.
        var to = query.To ?? new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var from = query.From ?? to.AddMonths(-12);
        query = query with { From = from, To = to };
        var whole = await store.TallyChurnAsync(workspaceId, query with { By = null }, [(from, to)]);
        var overall = whole.Count == 1 ? whole[0].Tally : new ChurnTally(0, 0, 0, 0);
        IReadOnlyList<(string?, DateTime?, ChurnTally)> rows = [];
        if (query.By is not null || query.Period is not null)
        {
            var periods = query.Period is { } period ? ChurnMetric.Periods(from, to, period) : [(from, to)];
            rows = (await store.TallyChurnAsync(workspaceId, query, periods))
                .Select(r => (r.Group, query.Period is null ? null : r.PeriodStart, r.Tally)).ToList();
        }

        return MetricResponse.Of(MetricReport.BuildChurn(query, overall, rows), benchmarks);
    }

    /// <summary>The competitive benchmark: our review rating against each competitor's.</summary>
    public static async Task<CompetitiveResponse> CompetitiveAsync(CairnStore store, long workspaceId, DateTime? from, DateTime? to)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tallies = await store.TallyReviewRatingsAsync(workspaceId, from, to);
        return CompetitiveResponse.Of(CompetitiveBenchmark.Build(tallies), 0.95);
    }
}
