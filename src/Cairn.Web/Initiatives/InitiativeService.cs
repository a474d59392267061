using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Initiatives;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Storage.Initiatives;
using Cairn.Web.Access;
using Cairn.Web.Http;

namespace Cairn.Web.Initiatives;

/// <summary>Checks initiatives and measures launched ones: shared by the API, the board and the initiative page.</summary>
public static class InitiativeService
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 4_000;

    public static async Task<(InitiativeDraft? Draft, List<ItemError> Errors)> ValidateAsync(CairnStore store, long workspaceId, InitiativeRequest request)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ItemError>();
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitle)
        {
            errors.Add(new ItemError(0, "title", $"a title of 1 to {MaxTitle} characters"));
        }

        if (request.Description?.Length > MaxDescription)
        {
            errors.Add(new ItemError(0, "description", $"at most {MaxDescription:N0} characters"));
        }

        var owner = await Owners.CheckAsync(store, workspaceId, request.Owner, errors);
        if (owner is null && !errors.Any(e => e.Field == "owner"))
        {
            errors.Add(new ItemError(0, "owner", "an initiative needs one named owner, a person of the workspace"));
        }

        if (request.Sponsor?.Length > MaxTitle)
        {
            errors.Add(new ItemError(0, "sponsor", $"at most {MaxTitle} characters"));
        }

        var metric = ScoreMetric.All.FirstOrDefault(m => string.Equals(m.Key, (request.Metric ?? "nps").Trim(), StringComparison.OrdinalIgnoreCase));
        if (metric is null)
        {
            errors.Add(new ItemError(0, "metric", "the success metric is nps, csat or ces"));
        }
        else
        {
            foreach (var (value, field) in new[] { (request.Baseline, "baseline"), (request.Target, "target") })
            {
                var (min, max) = metric == ScoreMetric.Nps ? (-100.0, 100.0) : metric == ScoreMetric.Csat ? (0.0, 100.0) : (metric.Scale.Min, metric.Scale.Max);
                if (value is { } v && (double.IsNaN(v) || v < min || v > max))
                {
                    errors.Add(new ItemError(0, field, string.Create(CultureInfo.InvariantCulture, $"{metric.Key} runs from {min} to {max}")));
                }
            }
        }

        var start = MetricQuery.ParseDate(request.StartDate, "startDate", errors);
        var due = MetricQuery.ParseDate(request.DueDate, "dueDate", errors);
        if (start is not null && due is not null && due < start)
        {
            errors.Add(new ItemError(0, "dueDate", "must not be before the start date"));
        }

        var window = request.WindowDays ?? 90;
        if (window is < 14 or > 365)
        {
            errors.Add(new ItemError(0, "windowDays", "measure over 14 to 365 days on each side of the launch"));
        }

        var touchpoints = new List<long>();
        var known = await store.ListTouchpointsAsync(workspaceId);
        foreach (var name in request.Touchpoints ?? [])
        {
            var found = known.Where(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(t => t.Id).ToList();
            if (found.Count == 0)
            {
                errors.Add(new ItemError(0, "touchpoints", $"no touchpoint called '{name}'"));
            }

            touchpoints.AddRange(found);
        }

        var themes = new List<long>();
        var knownThemes = await store.ThemesAsync(workspaceId);
        foreach (var name in request.Themes ?? [])
        {
            if (knownThemes.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } theme)
            {
                themes.Add(theme.Id);
            }
            else
            {
                errors.Add(new ItemError(0, "themes", $"no theme called '{name}'"));
            }
        }

        var painPoints = new List<long>();
        foreach (var id in request.PainPoints ?? [])
        {
            if (await store.GapExistsAsync(workspaceId, "pain:" + id.ToString(CultureInfo.InvariantCulture)))
            {
                painPoints.Add(id);
            }
            else
            {
                errors.Add(new ItemError(0, "painPoints", $"no accepted pain point {id}"));
            }
        }

        var gapKey = request.GapKey is { Length: > 0 } g ? g.Trim() : null;
        if (gapKey is not null)
        {
            if (!await store.GapExistsAsync(workspaceId, gapKey))
            {
                errors.Add(new ItemError(0, "gapKey", $"no gap '{gapKey}' in this workspace"));
            }
            else
            {
                var id = long.Parse(gapKey[(gapKey.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
                (gapKey.StartsWith("theme:", StringComparison.Ordinal) ? themes : gapKey.StartsWith("touchpoint:", StringComparison.Ordinal) ? touchpoints : painPoints).Add(id);
            }
        }

        var segments = (request.Segments ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (segments.Any(s => s.Length > 100))
        {
            errors.Add(new ItemError(0, "segments", "a segment name is at most 100 characters"));
        }

        return errors.Count > 0 || metric is null
            ? (null, errors)
            : (new InitiativeDraft(title, request.Description?.Trim() is { Length: > 0 } d ? d : null, owner!, request.Sponsor?.Trim() is { Length: > 0 } s ? s : null,
                metric.Key, request.Baseline, request.Target, start, due, window, gapKey,
                touchpoints.Distinct().ToList(), segments, themes.Distinct().ToList(), painPoints.Distinct().ToList()), errors);
    }

    /// <summary>The initiative with its measurement when it has been launched.</summary>
    public static async Task<InitiativeResponse> DescribeAsync(CairnStore store, long workspaceId, InitiativeRow initiative, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(initiative);
        var overdue = initiative.DueDate is { } due && due.Date < now.Date && initiative.Status is InitiativeStatus.Planned or InitiativeStatus.InProgress;
        return new InitiativeResponse(initiative, overdue, initiative.LaunchedAt is { } launch ? await MeasureAsync(store, workspaceId, initiative, launch, now) : null);
    }

    private static async Task<InitiativeMeasurement> MeasureAsync(CairnStore store, long workspaceId, InitiativeRow initiative, DateTime launch, DateTime now)
    {
        var metric = ScoreMetric.All.First(m => m.Key == initiative.Metric);
        var from = launch.AddDays(-initiative.WindowDays);
        var to = launch.AddDays(initiative.WindowDays) < now ? launch.AddDays(initiative.WindowDays) : now;
        var weeks = to > launch ? await store.InitiativeWeeksAsync(workspaceId, initiative.Id, metric, from, launch, to) : [];
        ScoreTally Sum(bool affected, bool after) => weeks.Where(w => w.Affected == affected && w.After == after)
            .Aggregate(ScoreTally.Empty, (t, w) => t + new ScoreTally(w.N, w.Sum, w.SumOfSquares, w.Good, w.Bad));
        var result = DiffInDiff.Of(metric, Sum(true, false), Sum(true, true), Sum(false, false), Sum(false, true));
        bool? targetMet = initiative.Target is { } target && !result.AffectedAfter.TooFew
            ? (metric.HigherIsBetter ? result.AffectedAfter.Value >= target : result.AffectedAfter.Value <= target)
            : null;
        var series = weeks.GroupBy(w => w.Week).OrderBy(g => g.Key).Select(g =>
        {
            MetricValue? Of(bool affected) => MetricValue.Of(metric.Estimate(g.Where(w => w.Affected == affected)
                .Aggregate(ScoreTally.Empty, (t, w) => t + new ScoreTally(w.N, w.Sum, w.SumOfSquares, w.Good, w.Bad)), 0.95, 10));
            return new InitiativeWeekValue(g.Key, Of(true), Of(false));
        }).ToList();
        var verdict = to <= launch ? "launched just now: there is nothing after the launch to measure yet" : result.Verdict;
        return new InitiativeMeasurement(metric.Key, from, launch, to, MetricValue.Of(result.AffectedBefore), MetricValue.Of(result.AffectedAfter),
            MetricValue.Of(result.OthersBefore), MetricValue.Of(result.OthersAfter), result.Effect, result.Low, result.High, result.PValue,
            result.Significant, result.Controlled, targetMet, verdict, series);
    }
}
