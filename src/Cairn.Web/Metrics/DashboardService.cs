using Cairn.Core.Metrics;
using Cairn.Storage;

namespace Cairn.Web.Metrics;

/// <summary>What the metrics dashboard shows: a headline per metric, the chosen metric sliced, and the competitive benchmark.</summary>
public sealed record Dashboard(IReadOnlyList<(Metric Metric, MetricResponse Headline)> Headlines, MetricResponse? Result, CompetitiveResponse? Competitive);

/// <summary>
/// Everything the metrics dashboard asks the store, in one place, so the page and the benchmark
/// that times its server work run the same queries.
/// </summary>
public static class DashboardService
{
    /// <summary>Where the dashboard starts unless told: the last twelve full months and this one, a trend a person can read.</summary>
    public static DateTime DefaultFrom(DateTime today) => new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-12);

    public static async Task<Dashboard> LoadAsync(CairnStore store, long workspaceId, MetricQuery? query, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var headlines = new List<(Metric, MetricResponse)>();
        foreach (var metric in Metric.All)
        {
            // Headlines honour the date range and the filters the metric accepts, so cards and table agree.
            var headline = (query ?? new MetricQuery(metric, null, null, null, null, [])) with { Metric = metric, By = null, Period = null };
            headline = headline with { Filters = headline.Filters.Where(f => metric.Dimensions.Contains(f.Dimension)).ToList() };
            headlines.Add((metric, await MetricService.GetAsync(store, workspaceId, headline, now)));
        }

        if (query is null)
        {
            return new Dashboard(headlines, null, null);
        }

        var result = await MetricService.GetAsync(store, workspaceId, query, now);
        var competitive = await MetricService.CompetitiveAsync(store, workspaceId, query.From, query.To);
        return new Dashboard(headlines, result, competitive);
    }
}
