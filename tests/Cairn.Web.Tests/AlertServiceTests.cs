using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Outbound;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;
using Cairn.Web.Outbound;

namespace Cairn.Web.Tests;

/// <summary>The alert sweep on a real store: a week of bad scores and a surging theme are raised once each, and queued for the webhooks that want them.</summary>
public sealed class AlertServiceTests
{
    private static readonly DateTime Now = new(2026, 11, 4, 15, 0, 0, DateTimeKind.Utc); // a Wednesday: the last complete week is 26 Oct - 2 Nov

    [Fact]
    public async Task ABadWeek_RaisesItsAlertsOnce_AndQueuesThemForWebhooks()
    {
        using var folder = new TempDirectory();
        await using var store = CairnStore.Open(StorageLocation.Parse(folder.File("alerts.duckdb")));
        var ws = (await store.EnsureWorkspaceAsync("alerts", Industry.Telecommunications)).Id;
        var webhook = await store.CreateWebhookAsync(ws, "https://hooks.example.com/cx", "whsec_x", [WebhookEvents.AlertRaised], false, "test");
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        var weekStart = new DateTime(2026, 10, 26, 0, 0, 0, DateTimeKind.Utc);
        var responses = new List<SurveyResponse>();
        for (var i = 0; i < 400; i++) // four calm weeks: NPS +40
        {
            var at = weekStart.AddDays(-28).AddHours(i * 1.6);
            responses.Add(new SurveyResponse($"b{i}", nps, 1, null, true, null, null, "email", "en", at, at, [new Answer("nps", i % 10 < 6 ? 10 : i % 10 < 8 ? 8 : 4, null)]));
        }

        for (var i = 0; i < 120; i++) // then a bad week: NPS -20
        {
            var at = weekStart.AddHours(i * 1.3);
            responses.Add(new SurveyResponse($"c{i}", nps, 1, null, true, null, null, "email", "en", at, at, [new Answer("nps", i % 10 < 3 ? 10 : i % 10 < 5 ? 8 : 2, null)]));
        }

        store.ImportResponses(ws, responses);
        var feedback = new List<FeedbackItem>();
        for (var i = 0; i < 200; i++)
        {
            feedback.Add(new FeedbackItem($"calm{i}", FeedbackSource.Review, null, null, 4, 5, null, "Friendly staff and a good network.", weekStart.AddDays(-28).AddHours(i * 3), "web", null));
        }

        for (var i = 0; i < 40; i++)
        {
            feedback.Add(new FeedbackItem($"bill{i}", FeedbackSource.Review, null, null, 1, 5, null, "I was overcharged on my bill again, billing is a mess.", weekStart.AddHours(i * 4), "web", null));
        }

        await store.IngestAsync(ws, IngestBatch.OfFeedback(feedback));

        var raised = await AlertService.SweepAsync(store, ws, Now);

        Assert.Contains(raised, a => a.Kind == "metric_drop" && a.Subject == "nps" && a.Title.StartsWith("NPS fell by 60", StringComparison.Ordinal));
        Assert.Contains(raised, a => a.Kind == "theme_surge" && a.Title.StartsWith("Billing", StringComparison.Ordinal));
        Assert.DoesNotContain(raised, a => a.Subject is "csat" or "ces"); // no answers, no alert
        Assert.Empty(await AlertService.SweepAsync(store, ws, Now.AddHours(1))); // the same week is not raised twice
        Assert.Equal(raised.Count, (await store.AlertsAsync(ws)).Count);
        var queued = await store.DeliveriesAsync(ws, webhook);
        Assert.Equal(raised.Count, queued.Count);
        Assert.All(queued, d => Assert.Equal(("alert.raised", "queued"), (d.Event, d.Status)));
    }
}
