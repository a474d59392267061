using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class CustomerTimelineStoreTests(Engines engines)
{
    private static readonly DateTime T0 = new(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Timeline_ShowsWhatWeAskedAndWrote_InvitationsAndMessages(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("c360-asked", Industry.Telecommunications)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana") with { Email = "ana@example.com" }]));
        var survey = await store.CreateSurveyAsync(ws, "Relationship NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps);
        await store.InviteByEmailAsync(ws, survey, ["ana"], DateTime.UtcNow.AddDays(30), i => new InvitationMail("How are we doing?", "…", "/u"), canSend: true);
        await store.QueueEmailConfirmationAsync(ws, "ana", "Please confirm your email address", token => "…", canSend: false);

        var timeline = await store.TimelineAsync(ws, "ana", null, 10);
        Assert.Equal([("invitation", "Relationship NPS", "not answered"), ("message", "Please confirm your email address", "confirmation · unsent")],
            timeline.Select(t => (t.Kind, t.Title, t.Detail)).OrderBy(t => t.Kind, StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Timeline_HoldsEveryKindOfMoment_NewestFirst_WithWhereAndHowItFelt(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("c360", Industry.Telecommunications)).Id;
        var other = (await store.EnsureWorkspaceAsync("c360-other", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
            [new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"])])]));
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana") with { Name = "Ana Lima", Email = "ana@example.com", MonthlyRevenue = 42 }, CustomerProfile.Minimal("bo")]));
        await store.IngestAsync(other, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana")]));
        await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e1", "ana", "support_call", T0, "phone", null), new TrackEvent("e2", "bo", "support_call", T0, "phone", null)]));
        await store.IngestAsync(other, IngestBatch.OfEvents([new TrackEvent("x1", "ana", "support_call", T0.AddDays(9), "phone", null)]));
        var nps = store.CreateSurvey(ws, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        store.ImportResponses(ws, [new SurveyResponse("r1", nps, 1, "ana", true, null, null, "email", "en", T0.AddDays(1), T0.AddDays(1), [new Answer("nps", 3, null)])]);
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
            [new FeedbackItem("f1", FeedbackSource.Ticket, "ana", null, null, null, null, "I was overcharged on my bill and nobody called back. Awful.", T0.AddDays(2), "chat", null)]));

        var timeline = await store.TimelineAsync(ws, "ana", null, 10);

        Assert.Equal(["feedback", "response", "event"], timeline.Select(t => t.Kind));
        var (feedback, response, call) = (timeline[0], timeline[1], timeline[2]);
        Assert.True(feedback.Sentiment < 0);
        Assert.Contains("Billing", feedback.Themes, StringComparison.Ordinal);
        Assert.Equal(("Relationship NPS", 3.0, "nps"), (response.Title, response.Score!.Value, response.ScoreKind));
        Assert.Equal(("support_call", "Support call", "Service and Use", "phone"), (call.Title, call.Touchpoint, call.Stage, call.Channel));
        Assert.Equal(["event"], (await store.TimelineAsync(ws, "ana", T0.AddDays(1), 10)).Select(t => t.Kind)); // paging back
        Assert.Equal(new CustomerCounts(1, 1, 1, 0, 0, 0), await store.CustomerCountsAsync(ws, "ana"));
        Assert.Equal(("Ana Lima", 42.0), ((await store.CustomerAsync(ws, "ana"))!.Name, (await store.CustomerAsync(ws, "ana"))!.MonthlyRevenue!.Value));
        Assert.Equal(["ana"], (await store.FindCustomersAsync(ws, "ANA@EX", 10)).Select(c => c.ExternalId));
        Assert.Empty(await store.FindCustomersAsync(ws, "%", 10)); // a wildcard is text, not a pattern
        Assert.Single(await store.TimelineAsync(other, "ana", null, 10)); // the other workspace's ana is another customer
        Assert.Null(await store.CustomerAsync(ws, "nobody"));
    }
}
