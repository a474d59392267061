using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

/// <summary>Survey triggers and emailed invitations on both engines.</summary>
public sealed class SurveyTriggerStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Triggers_KeepTheirPlace_AndInvitationsAreMailedInTheSameTransaction(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("triggers", Industry.Telecommunications)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("a") with { Email = "a@example.com" }, CustomerProfile.Minimal("b")]));
        await store.IngestAsync(ws, IngestBatch.OfEvents(
        [
            new TrackEvent("e1", "a", "ticket_closed", Now.AddMinutes(-30), "phone", null), new TrackEvent("e2", "b", "ticket_closed", Now.AddMinutes(-10), "phone", null),
            new TrackEvent("e3", "a", "ticket_closed", Now.AddMinutes(-90), "phone", null),
        ]));
        var survey = await store.CreateSurveyAsync(ws, "CES", SurveyKind.Ces, null, SurveyTemplates.RelationshipNps);

        await store.SetSurveyTriggersAsync(ws, survey, [new SurveyTrigger("ticket_closed", 15, true)], Now.AddMinutes(-60));
        Assert.Equal([new SurveyTrigger("ticket_closed", 15, true)], await store.SurveyTriggersAsync(ws, survey));
        var due = Assert.Single(await store.DueTriggersAsync(ws));
        Assert.Equal(Now.AddMinutes(-60), due.ProcessedUntil);
        Assert.Equal(["a"], await store.TriggeredCustomersAsync(ws, "ticket_closed", due.ProcessedUntil, Now.AddMinutes(-15))); // e3 is before the trigger, e2 within the delay
        await store.AdvanceTriggerAsync(ws, survey, "ticket_closed", Now.AddMinutes(-15));
        await store.SetSurveyTriggersAsync(ws, survey, [new SurveyTrigger("ticket_closed", 30, false), new SurveyTrigger("order_delivered", 0, true)], Now);
        var runs = (await store.DueTriggersAsync(ws)).ToDictionary(d => d.Trigger.Event, d => d.ProcessedUntil);
        Assert.Equal((Now.AddMinutes(-15), Now), (runs["ticket_closed"], runs["order_delivered"])); // a kept trigger keeps its place
        await store.SetSurveyTriggersAsync(ws, survey, [], Now);
        Assert.Empty(await store.DueTriggersAsync(ws));

        var (invitations, unknown, noEmail) = await store.InviteByEmailAsync(ws, survey, ["a", "b"], Now.AddDays(30),
            i => new InvitationMail("Tell us", $"Answer: /s/{survey}?t={i.Token}", $"/s/{survey}/unsubscribe?t={i.Token}"), canSend: true);
        Assert.Equal(["a"], invitations.Select(i => i.CustomerId));
        Assert.Empty(unknown);
        Assert.Equal(["b"], noEmail); // no address: not invited
        var mail = Assert.Single(await store.QueuedMessagesAsync(10));
        Assert.Equal(("invitation", "a@example.com", "Tell us"), (mail.Kind, mail.Recipient, mail.Subject));
        Assert.EndsWith(invitations[0].Token, mail.UnsubscribeUrl, StringComparison.Ordinal);
    }
}
