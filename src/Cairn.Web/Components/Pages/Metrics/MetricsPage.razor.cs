using System.Globalization;
using System.Text.Json;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Web.Access;
using Cairn.Web.Metrics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cairn.Web.Components.Pages.Metrics;

/// <summary>
/// The metrics dashboard: NPS, CSAT and CES headlines with intervals and benchmark gaps, then the
/// chosen metric sliced by a dimension and/or period, as a chart and as a table that says whether
/// each change is real. It asks the store exactly what <c>GET /api/v1/metrics</c> asks, so the
/// numbers are the API's and the CLI's.
/// </summary>
public partial class MetricsPage
{
    /// <summary>Lines drawn at most in a trend; more groups than this become a table-only view.</summary>
    private const int MaxTrendLines = 6;

    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "metric")] private string? MetricKey { get; set; }

    [SupplyParameterFromQuery(Name = "by")] private string? By { get; set; }

    [SupplyParameterFromQuery(Name = "period")] private string? Period { get; set; }

    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }

    [SupplyParameterFromQuery(Name = "filter")] private string? Filter { get; set; }

    private MetricQuery? Query { get; set; }

    private MetricResponse? Result { get; set; }

    private string? ChartJson { get; set; }

    private CompetitiveResponse? Competitive { get; set; }

    private List<ItemError> Errors { get; } = [];

    private IReadOnlyList<(Metric Metric, MetricResponse Headline)> Headlines { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        var workspace = (await Auth).User.WorkspaceId();
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To))
        {
            From = DashboardService.DefaultFrom(Time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        Query = MetricQuery.Parse(string.IsNullOrWhiteSpace(MetricKey) ? "nps" : MetricKey, By, string.IsNullOrWhiteSpace(By) && string.IsNullOrWhiteSpace(Period) ? "month" : Period,
            From, To, Filter, null, null, Errors);

        var dashboard = await DashboardService.LoadAsync(Store, workspace, Query, Time.GetUtcNow().UtcDateTime);
        Headlines = dashboard.Headlines;
        Result = dashboard.Result;
        Competitive = dashboard.Competitive;
        ChartJson = Result is null ? null : Chart(Result);
    }

    private string Link(string metric) => $"/metrics?metric={metric}&by={Uri.EscapeDataString(By ?? "")}&period={Uri.EscapeDataString(Period ?? "")}&from={From}&to={To}&filter={Uri.EscapeDataString(Filter ?? "")}";

    private static string Key<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Format(double? value, string unit) =>
        value is { } v ? v.ToString(unit == "" ? "0.00" : "0.0", CultureInfo.InvariantCulture) + (unit == "%" ? "%" : "") : "–";

    /// <summary>The chart's data as JSON for charts.js: a trend per group over periods, or bars per group.</summary>
    private static string? Chart(MetricResponse r)
    {
        if (r.Slices.Count == 0)
        {
            return null;
        }

        if (r.Period is null)
        {
            return JsonSerializer.Serialize(new
            {
                kind = "bars",
                unit = r.Unit,
                categories = r.Slices.Select(s => s.Key),
                values = r.Slices.Select(s => s.Value),
                low = r.Slices.Select(s => s.Low),
                high = r.Slices.Select(s => s.High),
            });
        }

        var periods = r.Slices.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal).ToList();
        var groups = r.Slices.GroupBy(s => s.Group ?? r.Title).OrderByDescending(g => g.Sum(s => s.N)).Take(MaxTrendLines);
        var benchmark = r.Benchmarks.FirstOrDefault(b => b.Level == "industry");
        return JsonSerializer.Serialize(new
        {
            kind = "trend",
            unit = r.Unit,
            periods = periods.Select(p => Label(p!, r.Period)),
            series = groups.Select(g =>
            {
                var byPeriod = g.ToDictionary(s => s.Period!);
                return new
                {
                    name = g.Key,
                    values = periods.Select(p => byPeriod.GetValueOrDefault(p!)?.Value),
                    low = periods.Select(p => byPeriod.GetValueOrDefault(p!)?.Low),
                    high = periods.Select(p => byPeriod.GetValueOrDefault(p!)?.High),
                };
            }),
            benchmark = benchmark is null ? null : new { label = benchmark.Label, value = benchmark.Value ?? (benchmark.Low + benchmark.High) / 2 },
        });
    }

    private static string Label(string isoDate, string period) =>
        MetricReport.PeriodLabel(DateTime.Parse(isoDate, CultureInfo.InvariantCulture), Enum.Parse<Period>(period, true));
}
