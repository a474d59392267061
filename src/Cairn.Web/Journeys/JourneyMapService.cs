using Cairn.Web.Http;
using Cairn.Core.Feedback;
using Cairn.Core.Journeys.Map;
using Cairn.Core.Journeys.Paths;
using Cairn.Core.Metrics;
using Cairn.Storage;

namespace Cairn.Web.Journeys;

/// <summary>
/// Fills a journey map from the data: per touchpoint its volume, scores, sentiment, themes, path
/// ends and churn/detractor lift; per stage its point on the emotional curve; and the pain points
/// the friction rules find, merged with the analyst's decisions. The API, the page and the SVG read this.
/// </summary>
public static class JourneyMapService
{
    public const int TopThemes = 3;

    public static async Task<JourneyMapResponse?> MapAsync(CairnStore store, long workspaceId, long journeyId, DateTime? from, DateTime? to)
    {
        ArgumentNullException.ThrowIfNull(store);
        var journey = await store.JourneyAsync(workspaceId, journeyId);
        if (journey is null)
        {
            return null;
        }

        async Task<Dictionary<string, Estimate>> ByAsync(ScoreMetric metric, Dimension dimension)
        {
            var query = new MetricQuery(metric, dimension, null, from, to, []);
            return (await store.TallyScoresAsync(workspaceId, query)).Where(r => r.Group is not null)
                .ToDictionary(r => r.Group!, r => metric.Estimate(r.Tally), StringComparer.Ordinal);
        }

        // The queries are independent: run them side by side (DuckDB and PostgreSQL both serve concurrent connections).
        var npsTask = ByAsync(ScoreMetric.Nps, Dimension.Touchpoint);
        var csatTask = ByAsync(ScoreMetric.Csat, Dimension.Touchpoint);
        var cesTask = ByAsync(ScoreMetric.Ces, Dimension.Touchpoint);
        var sentimentTask = ByAsync(ScoreMetric.Sentiment, Dimension.Touchpoint);
        var stageNpsTask = ByAsync(ScoreMetric.Nps, Dimension.Stage);
        var stageSentimentTask = ByAsync(ScoreMetric.Sentiment, Dimension.Stage);
        var overallTask = store.TallyScoresAsync(workspaceId, new MetricQuery(ScoreMetric.Nps, null, null, from, to, []));
        var activityTask = store.TouchpointActivityAsync(workspaceId, journeyId, from, to);
        var graphTask = store.DirectlyFollowsAsync(workspaceId, journeyId, PathScope.Default(PathLevel.Touchpoint, from, to));
        var churnTask = store.OutcomeLiftsAsync(workspaceId, journeyId, PathOutcome.Churn, from, to);
        var detractorTask = store.OutcomeLiftsAsync(workspaceId, journeyId, PathOutcome.Detractor, from, to);
        var themeNamesTask = store.ThemesAsync(workspaceId);
        var placesTask = store.ThemePlacesAsync(workspaceId, new FeedbackQuery { From = from, To = to, Competitor = "us" });
        var painTask = store.PainPointsAsync(workspaceId, journeyId);

        var (nps, csat, ces, sentiment) = (await npsTask, await csatTask, await cesTask, await sentimentTask);
        var (stageNps, stageSentiment) = (await stageNpsTask, await stageSentimentTask);
        var overall = (await overallTask) is [var all, ..] ? ScoreMetric.Nps.Estimate(all.Tally) : null;
        var activity = (await activityTask).ToDictionary(a => a.TouchpointId);
        var graph = await graphTask;
        var ends = graph.Ends.ToDictionary(e => e.Name, e => e.Count, StringComparer.Ordinal);
        var reached = graph.Activities.ToDictionary(a => a.Name, a => a.Customers, StringComparer.Ordinal);
        var churn = (await churnTask).Where(l => l.Kind == ExposureKind.Touchpoint).ToDictionary(l => l.From, l => l.Ratio, StringComparer.Ordinal);
        var detractor = (await detractorTask).Where(l => l.Kind == ExposureKind.Touchpoint).ToDictionary(l => l.From, l => l.Ratio, StringComparer.Ordinal);
        var themeNames = (await themeNamesTask).ToDictionary(t => t.Id, t => t.Name);
        var themes = (await placesTask)
            .Where(p => themeNames.ContainsKey(p.ThemeId))
            .ToLookup(p => p.Place, p => new ThemeAtTouchpoint(themeNames[p.ThemeId], p.Mentions, p.AverageSentiment), StringComparer.Ordinal);

        var evidence = new List<TouchpointEvidence>();
        var stages = new List<StageView>();
        foreach (var stage in journey.Stages)
        {
            var views = new List<TouchpointView>();
            foreach (var t in stage.Touchpoints)
            {
                var a = activity.GetValueOrDefault(t.Id) ?? new TouchpointActivity(t.Id, 0, 0, 0);
                double? endShare = reached.TryGetValue(t.Name, out var customers) && customers > 0 ? 100.0 * ends.GetValueOrDefault(t.Name) / customers : null;
                var early = journey.Stages.ToList().IndexOf(stage) < (journey.Stages.Count + 1) / 2;
                var e = new TouchpointEvidence(t.Id, t.Name, stage.Name, early, t.Channel, a.Customers, a.Events, a.ReturningCustomers,
                    nps.GetValueOrDefault(t.Name), csat.GetValueOrDefault(t.Name), ces.GetValueOrDefault(t.Name), sentiment.GetValueOrDefault(t.Name),
                    endShare, churn.GetValueOrDefault(t.Name), detractor.GetValueOrDefault(t.Name),
                    themes[t.Name].OrderByDescending(h => h.Mentions).ToList());
                evidence.Add(e);
                views.Add(new TouchpointView(t.Id, t.Name, t.Channel, t.MomentOfTruth, t.Owner, t.EventNames, t.Surveys, new TouchpointData(
                    e.Customers, e.Events, e.ReturningShare, e.PathEndShare, MetricValue.Of(e.Nps), MetricValue.Of(e.Csat), MetricValue.Of(e.Ces), MetricValue.Of(e.Sentiment),
                    e.Themes.Take(TopThemes).ToList(), LiftValue.Of(e.ChurnLift), LiftValue.Of(e.DetractorLift))));
            }

            var sNps = stageNps.GetValueOrDefault(stage.Name);
            var sSentiment = stageSentiment.GetValueOrDefault(stage.Name);
            stages.Add(new StageView(stage.Id, stage.Name, stage.CustomerGoal, stage.Expectations, MetricValue.Of(sNps), MetricValue.Of(sSentiment), Feeling(sNps, sSentiment), views)
            {
                Actions = stage.Actions,
            });
        }

        var painPoints = Merge(FrictionRules.Suggest(evidence, overall), await painTask, journey);
        return new JourneyMapResponse(new JourneyInfo(journey.Id, journey.Name, journey.PersonaId, journey.Scope, journey.Purpose, journey.State, journey.Version),
            from, to, MetricValue.Of(overall), stages, painPoints)
        {
            Opportunities = await OpportunityEndpoints.ViewsAsync(store, workspaceId, journey),
        };
    }

    /// <summary>The mean of NPS ÷ 100 and mean sentiment, each used only when enough answers back it.</summary>
    public static double? Feeling(Estimate? nps, Estimate? sentiment)
    {
        var parts = new List<double>();
        if (nps is { TooFew: false })
        {
            parts.Add(nps.Value / 100);
        }

        if (sentiment is { TooFew: false })
        {
            parts.Add(sentiment.Value);
        }

        return parts.Count == 0 ? null : parts.Average();
    }

    /// <summary>Live suggestions take the analyst's decision where one was made; analyst-written ones are added.</summary>
    private static List<PainPointView> Merge(IReadOnlyList<PainPointSuggestion> suggested, IReadOnlyList<StoredPainPoint> stored, StoredJourney journey)
    {
        var names = journey.Stages.SelectMany(s => s.Touchpoints).ToDictionary(t => t.Id, t => t.Name);
        var decided = stored.Where(p => p.Rule is not null).ToDictionary(p => (p.TouchpointId, p.Rule!));
        var result = new List<PainPointView>();
        foreach (var s in suggested)
        {
            decided.TryGetValue((s.TouchpointId, s.Rule), out var decision);
            result.Add(new PainPointView(decision?.Id, s.TouchpointId, s.Touchpoint, s.Rule, s.Title, s.Evidence, decision?.Status ?? "suggested", decision?.Owner));
        }

        // Decided findings the data no longer shows stay visible (as the analyst left them), as do written ones.
        var live = suggested.Select(s => ((long?)s.TouchpointId, s.Rule)).ToHashSet();
        foreach (var p in stored.Where(p => p.Rule is null || !live.Contains((p.TouchpointId, p.Rule))))
        {
            var touchpoint = p.TouchpointId is { } id ? names.GetValueOrDefault(id) : null;
            result.Add(new PainPointView(p.Id, p.TouchpointId, touchpoint, p.Rule, p.Title, p.Description, p.Status, p.Owner));
        }

        return result;
    }
}
