using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Workspaces;
using Cairn.Storage.Initiatives;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

/// <summary>
/// "You said, we did" on both engines: the audience is the customers whose negative feedback carries
/// the theme, consent and missing addresses are counted out, a customer is told once per issue, and
/// two campaigns written at the same moment still tell each customer once.
/// </summary>
public sealed class LoopCampaignStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    private static LoopMessage Render(LoopRecipient r, string token) => new("You said, we did", $"You told us {r.Quote}", $"/c/unsubscribe?t={token}");

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task TheCustomersWhoRaisedIt_AreToldOncePerIssue_EvenByCampaignsWrittenAtOnce(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("loop", Industry.Telecommunications)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            CustomerProfile.Minimal("ana") with { Email = "ana@example.com", Name = "Ana" }, CustomerProfile.Minimal("bo") with { Email = "bo@example.com" },
            CustomerProfile.Minimal("cy") with { Email = "cy@example.com" }, CustomerProfile.Minimal("di"), CustomerProfile.Minimal("ed") with { Email = "ed@example.com" },
        ]));
        FeedbackItem Ticket(string id, string customer, string text, int daysAgo) => new(id, FeedbackSource.Ticket, customer, null, null, null, null, text, Now.AddDays(-daysAgo), "phone", null);
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
        [
            Ticket("t1", "ana", "Waited an hour on hold, the wait time is awful.", 5), Ticket("t2", "ana", "Again a terrible wait time on the phone line.", 2),
            Ticket("t3", "bo", "The wait time is ridiculous, nobody answers.", 3), Ticket("t4", "cy", "Short wait time and a lovely agent, great service.", 3),
            Ticket("t5", "di", "Awful wait time, I gave up after forty minutes.", 3), Ticket("t6", "ed", "Terrible wait time, an hour on hold.", 3),
            Ticket("t7", "bo", "The wait time was awful.", 400), // outside the period
        ]));
        await store.SetCustomerConsentAsync(ws, "ed", new ConsentChange(ConsentState.Withdrawn, null, null, null), "api", "crm");
        var wait = (await store.ThemesAsync(ws)).Single(t => t.Name == "Wait time").Id;
        var query = new LoopAudienceQuery(null, null, [wait], Now.AddDays(-30), Now, true);

        var audience = await store.LoopAudienceAsync(ws, query);
        Assert.Equal(["ana", "bo"], audience.Reachable.Select(r => r.CustomerId));
        Assert.Equal((1L, 1L, 0L, 4L), (audience.NoEmail, audience.NoConsent, audience.AlreadyTold, audience.Raised)); // di has no address, ed withdrew, cy praised
        Assert.Equal("Again a terrible wait time on the phone line.", audience.Reachable[0].Quote); // ana's latest words on it

        var (first, _) = await store.CreateLoopCampaignAsync(ws, query, "You said, we did", "{{you_said}}", Render, canSend: false, "analyst");
        var messages = await store.LoopMessagesAsync(ws, first);
        Assert.Equal(["ana", "bo"], messages.Select(m => m.CustomerId));
        Assert.All(messages, m => Assert.Equal(("unsent", "SMTP is not configured (CAIRN_SMTP_HOST)"), (m.Status, m.Error)));
        Assert.Equal((2L, 0L), ((await store.LoopAudienceAsync(ws, query)).AlreadyTold, (await store.LoopAudienceAsync(ws, query)).Reachable.Count));

        // The unsubscribe link written with each message names its customer.
        var link = await store.CustomerLinkAsync(messages[0].UnsubscribeUrl!.Split("t=")[1]);
        Assert.Equal(("ana", CustomerLinkToken.Unsubscribe), (link!.CustomerId, link.Purpose));
        Assert.Null(await store.CustomerLinkAsync(messages[0].UnsubscribeUrl!.Split("t=")[1][..^2] + "xx"));

        // An initiative is its own issue: its customers are told about it once, however many campaigns are written at once.
        var initiative = await store.CreateInitiativeAsync(ws, new InitiativeDraft("Call-backs", null, "lead@example.com", null, "nps", null, null, null, null, 90, null, [], [], [wait], []), "test");
        var byInitiative = query with { InitiativeId = initiative, ThemeIds = [] };
        var written = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.CreateLoopCampaignAsync(ws, byInitiative, "We did it", "{{you_said}}", Render, canSend: true, "analyst")));
        var campaigns = (await store.LoopCampaignsAsync(ws, initiative)).ToList();
        Assert.Equal(2, campaigns.Sum(c => c.Queued));
        Assert.Single(campaigns); // the three that found everyone already told wrote nothing
        Assert.Equal(6, written.Where(w => w.Id == 0).Sum(w => w.Audience.AlreadyTold));
    }
}
