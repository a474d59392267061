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

    /// <summary>The store's clock: events are received when the test says.</summary>
    private sealed class Clock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Triggers_KeepTheirPlace_InviteForLateEvents_AndInvitationsAreMailedInTheSameTransaction(StorageEngine engine)
    {
        var clock = new Clock(Now);
        await using var store = engines.Open(engine, clock);
        var ws = (await store.EnsureWorkspaceAsync("triggers", Industry.Telecommunications)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("a") with { Email = "a@example.com" }, CustomerProfile.Minimal("b"), CustomerProfile.Minimal("c")]));
        var survey = await store.CreateSurveyAsync(ws, "CES", SurveyKind.Ces, null, SurveyTemplates.RelationshipNps);
        await store.SetSurveyTriggersAsync(ws, survey, [new SurveyTrigger("ticket_closed", 15, true)], Now.AddMinutes(-60));
        await store.IngestAsync(ws, IngestBatch.OfEvents(
        [
            new TrackEvent("e1", "a", "ticket_closed", Now.AddMinutes(-30), "phone", null), new TrackEvent("e2", "b", "ticket_closed", Now.AddMinutes(-10), "phone", null),
            new TrackEvent("e3", "a", "ticket_closed", Now.AddMinutes(-90), "phone", null),
        ]));

        Assert.Equal([new SurveyTrigger("ticket_closed", 15, true)], await store.SurveyTriggersAsync(ws, survey));
        var due = Assert.Single(await store.DueTriggersAsync(ws));
        Assert.Equal((Now.AddMinutes(-60), Now.AddMinutes(-60)), (due.DueUntil, due.StartsAt));
        Assert.Equal(["a"], await store.TriggeredCustomersAsync(ws, due, due.DueUntil, Now)); // e3 is before the trigger, e2 within its delay
        await store.AdvanceTriggerAsync(ws, survey, "ticket_closed", Now);

        // Ten minutes on: e2's delay has passed; c's event happened 40 minutes ago but arrives only now.
        // By event time it is behind the mark; by when it was received it is new, and invites once.
        clock.Now = Now.AddMinutes(10);
        await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e4", "c", "ticket_closed", Now.AddMinutes(-40), "phone", null)]));
        due = Assert.Single(await store.DueTriggersAsync(ws));
        Assert.Equal(["b", "c"], await store.TriggeredCustomersAsync(ws, due, due.DueUntil, Now.AddMinutes(10)));
        await store.AdvanceTriggerAsync(ws, survey, "ticket_closed", Now.AddMinutes(10));
        due = Assert.Single(await store.DueTriggersAsync(ws));
        Assert.Empty(await store.TriggeredCustomersAsync(ws, due, due.DueUntil, Now.AddMinutes(20))); // nobody twice

        await store.SetSurveyTriggersAsync(ws, survey, [new SurveyTrigger("ticket_closed", 30, false), new SurveyTrigger("order_delivered", 0, true)], Now.AddMinutes(15));
        var runs = (await store.DueTriggersAsync(ws)).ToDictionary(d => d.Trigger.Event, d => d.DueUntil);
        Assert.Equal((Now.AddMinutes(10), Now.AddMinutes(15)), (runs["ticket_closed"], runs["order_delivered"])); // a kept trigger keeps its place
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
