using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class MaturityStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Tally_CountsWhatTheDimensionsNeed_InTheWindowOnly(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("maturity", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Buy", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Purchase", null, null, [new TouchpointDefinition("Checkout", "web", false, "Digital", ["checkout"]), new TouchpointDefinition("Support", "phone", true, null, ["support_call"])]),
        ]));
        var checkout = (await store.ListTouchpointsAsync(ws)).Single(t => t.Name == "Checkout");
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1") with { MonthlyRevenue = 30 }, CustomerProfile.Minimal("c2"), CustomerProfile.Minimal("c3")]));
        await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e1", "c1", "checkout", Now.AddDays(-3), "web", null)]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, checkout.Id, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        store.ImportResponses(ws,
        [
            new SurveyResponse("r1", nps, 1, "c1", true, checkout.Id, checkout.StageId, "email", "en", Now.AddDays(-5), Now.AddDays(-5), [new Answer("nps", 3, null)]),
            new SurveyResponse("r2", nps, 1, "c2", true, null, null, "email", "en", Now.AddDays(-4), Now.AddDays(-4), [new Answer("nps", 10, null)]),
            new SurveyResponse("old", nps, 1, "c3", true, null, null, "email", "en", Now.AddDays(-400), Now.AddDays(-400), [new Answer("nps", 0, null)]),
        ]);
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
        [
            new FeedbackItem("rev-1", FeedbackSource.Review, "c2", null, 1, 5, null, "Terrible billing, I was overcharged twice and nobody refunded me. Awful.", Now.AddDays(-2), "web", null),
            new FeedbackItem("rev-2", FeedbackSource.Review, null, null, 5, 5, null, "Lovely people, quick and kind.", Now.AddDays(-2), "web", null),
            new FeedbackItem("rival", FeedbackSource.Review, null, "Brightwave", 1, 5, null, "Awful billing, overcharged again, terrible.", Now.AddDays(-2), "web", null),
        ]));

        var t = await store.MaturityTallyAsync(ws, Now.AddDays(-90), Now, Now);

        Assert.Equal((2L, 1L, 1L), (t.Touchpoints, t.TouchpointsWithFeedback, t.TouchpointsWithOwner)); // Checkout heard (r1) and owned
        Assert.True(t.Kinds.SetEquals(["direct", "indirect", "inferred"]), string.Join(", ", t.Kinds));
        Assert.Equal((2L, 1L), (t.Feedback, t.FeedbackWithCustomer));                           // competitor's review left out
        Assert.Equal((2L, 1L), (t.Responses, t.ResponsesWithTouchpoint));                       // the old one is outside the window
        Assert.Equal((2L, 2L, 1L, 1L), (t.Texts, t.TextsAnalysed, t.NegativeTexts, t.NegativeWithTheme));
        Assert.Equal((1L, 0L), (t.Detractors, t.DetractorsWithCase));
        Assert.Equal((3L, 1L, 0L), (t.Customers, t.CustomersWithRevenue, t.InitiativesMeasured));

        await store.SaveMaturityAnswerAsync(ws, new MaturityAnswer("operations", 2, "no webhooks yet", "ana", Now));
        await store.SaveMaturityAnswerAsync(ws, new MaturityAnswer("operations", 3, null, "ana", Now));
        Assert.Equal([("operations", 3)], (await store.MaturityAnswersAsync(ws)).Select(a => (a.Dimension, a.Level)));
    }
}
