using Cairn.Core.Feedback;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Insights;

namespace Cairn.Cli.Demo;

/// <summary>
/// Findings an analyst saved from the demo's own data (metric snapshots and real verbatims), linked
/// as the evidence for the strategy's three tests, so the cockpit shows each test shown, not asserted.
/// </summary>
internal static class DemoInsights
{
    public static async Task GenerateAsync(CairnStore store, long workspaceId, long callBackInitiative)
    {
        var now = DemoWorkspace.Today;
        async Task<IReadOnlyList<string>> Quotes(FeedbackQuery query) =>
            [.. (await store.FeedbackPageAsync(workspaceId, query with { From = now.AddDays(-180), To = now })).Items.Where(i => i.Text is { Length: > 20 }).Take(3).Select(i => i.Id)];

        async Task Save(string title, string finding, ScoreMetric metric, Dimension? by, long? initiative, IReadOnlyList<string> quotes, string test)
        {
            var (value, low, high, n) = await InsightEndpoints.SnapshotAsync(store, workspaceId, metric, by, now);
            var id = await store.SaveInsightAsync(workspaceId, new InsightDraft(title, finding, metric.Key, by?.ToString().ToLowerInvariant(), value, low, high, n,
                DemoCases.CareLead, initiative, quotes), "demo");
            await store.SetStrategyEvidenceAsync(workspaceId, test, id, true, "demo");
        }

        await Save("Waiting for support is what detractors talk about",
            "Wait time is the theme detractors raise most, and most of those comments come from customers who called support.",
            ScoreMetric.Nps, null, null, await Quotes(new FeedbackQuery { Theme = "Wait time", Sentiment = "negative", Competitor = "us" }), "grounded");
        await Save("Brightwave is praised for its app, not for its service",
            "Brightwave's reviews are warmer than ours overall, but its praise is for the app; its service complaints match ours.",
            ScoreMetric.Sentiment, null, null, await Quotes(new FeedbackQuery { Competitor = "Brightwave", Sentiment = "negative" }), "differentiated");
        await Save("The call-back pilot worked with the team we have",
            "Since the call-back launched, a support contact costs about half the NPS it used to, with no new hires.",
            ScoreMetric.Nps, null, callBackInitiative, [], "achievable");
    }
}
