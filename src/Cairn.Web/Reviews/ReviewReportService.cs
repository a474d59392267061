using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Metrics;

namespace Cairn.Web.Reviews;

/// <summary>One slice that moved between the two periods, beyond chance or not.</summary>
public sealed record ReviewMove(string Metric, string Dimension, string Slice, double? Before, double? After, ChangeResponse Change);

/// <summary>A theme whose share of feedback rose or fell beyond chance.</summary>
public sealed record ThemeMove(string Theme, long BeforeItems, long AfterItems, double BeforeShare, double AfterShare, double Low, double High);

/// <summary>
/// The periodic experience review: the headline metrics this period against the last, where the
/// experience improved or declined by stage, touchpoint and segment (only changes beyond chance),
/// and the themes that rose or fell, as what drove it.
/// </summary>
public sealed record ReviewReport(
    string Workspace, string Period, DateTime From, DateTime Until, DateTime PreviousFrom, DateTime GeneratedAt,
    IReadOnlyList<ReviewMove> Headline, IReadOnlyList<ReviewMove> Improved, IReadOnlyList<ReviewMove> Declined, IReadOnlyList<ThemeMove> Rising, IReadOnlyList<ThemeMove> Falling);

public static class ReviewReportService
{
    private static readonly Metric[] Metrics = [ScoreMetric.Nps, ScoreMetric.Csat, ScoreMetric.Sentiment];
    private static readonly Dimension[] Dimensions = [Dimension.Stage, Dimension.Touchpoint, Dimension.Segment];

    /// <summary>The last complete month or quarter by the day after the newest data, against the one before it.</summary>
    public static (DateTime PreviousFrom, DateTime From, DateTime Until) Periods(Period period, DateTime clock)
    {
        clock = clock.Date.AddDays(1); // data up to the 31st completes the month
        var monthStart = new DateTime(clock.Year, clock.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        if (period == Period.Quarter)
        {
            var quarterStart = new DateTime(clock.Year, ((clock.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
            return (quarterStart.AddMonths(-6), quarterStart.AddMonths(-3), quarterStart);
        }

        return (monthStart.AddMonths(-2), monthStart.AddMonths(-1), monthStart);
    }

    public static async Task<ReviewReport> BuildAsync(CairnStore store, long workspaceId, Period period, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var clock = await store.HealthClockAsync(workspaceId, now);
        var (previous, from, until) = Periods(period, clock);
        var headline = new List<ReviewMove>();
        var moves = new List<ReviewMove>();
        foreach (var metric in Metrics)
        {
            var overall = await MetricService.GetAsync(store, workspaceId, new MetricQuery(metric, null, period, previous, until, []), now);
            headline.AddRange(Moves(metric, "overall", overall));
            foreach (var dimension in Dimensions)
            {
                var sliced = await MetricService.GetAsync(store, workspaceId, new MetricQuery(metric, dimension, period, previous, until, []), now);
                moves.AddRange(Moves(metric, dimension.ToString().ToLowerInvariant(), sliced));
            }
        }

        var (before, after, themes) = await store.ThemeShiftsAsync(workspaceId, previous, from, until);
        var shifts = themes.Select(t => (t, d: ProportionDifference.Of(t.After, after, t.Before, before)))
            .Where(x => x.d is { Significant: true } && before > 0 && after > 0)
            .Select(x => new ThemeMove(x.t.Theme, x.t.Before, x.t.After, 100.0 * x.t.Before / before, 100.0 * x.t.After / after, x.d!.Low, x.d.High))
            .ToList();
        var workspace = (await store.ListWorkspacesAsync()).FirstOrDefault(w => w.Id == workspaceId)?.Name ?? "";
        return new ReviewReport(workspace, period.ToString().ToLowerInvariant(), from, until, previous, now, headline,
            [.. moves.Where(m => m.Change.Significant && m.Change.Delta > 0).OrderByDescending(m => m.Change.Delta / Scale(m.Metric))],
            [.. moves.Where(m => m.Change.Significant && m.Change.Delta < 0).OrderBy(m => m.Change.Delta / Scale(m.Metric))],
            [.. shifts.Where(s => s.AfterShare > s.BeforeShare).OrderByDescending(s => s.AfterShare - s.BeforeShare).Take(6)],
            [.. shifts.Where(s => s.AfterShare < s.BeforeShare).OrderBy(s => s.AfterShare - s.BeforeShare).Take(6)]);
    }

    /// <summary>The latest period's slices that carry a change from the period before.</summary>
    private static IEnumerable<ReviewMove> Moves(Metric metric, string dimension, MetricResponse response)
    {
        var latest = response.Slices.Select(s => s.Period).Where(p => p is not null).DefaultIfEmpty().Max(StringComparer.Ordinal);
        // "(none)" holds the answers without that dimension (a relationship survey has no touchpoint): not a place to act on.
        foreach (var slice in response.Slices.Where(s => s.Period == latest && s.Change is not null && s.Group != "(none)"))
        {
            var before = response.Slices.FirstOrDefault(s => s.Group == slice.Group && s.Period != latest)?.Value;
            yield return new ReviewMove(metric.Key, dimension, slice.Group ?? "all customers", before, slice.Value, slice.Change!);
        }
    }

    /// <summary>Puts NPS points, CSAT percent and sentiment (−1..+1) on one footing for ordering.</summary>
    private static double Scale(string metric) => metric == "sentiment" ? 0.02 : 1;
}
