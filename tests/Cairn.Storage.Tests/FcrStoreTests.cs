using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Metrics;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

/// <summary>First-contact resolution and lifetime-value inputs counted by hand on both engines.</summary>
public sealed class FcrStoreTests(Engines engines)
{
    private static readonly DateTime Day0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AContactIsResolvedWhenTheCustomerDoesNotComeBackWithinAWeek(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("fcr", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service", null, null,
            [
                new("Support call", "phone", true, null, ["support_call", "ticket_closed"]), new("Chat", "chat", false, null, ["chat_started"]), new("App", "app", false, null, ["app_login"]),
            ]),
        ]));
        TrackEvent E(string id, string customer, string name, double days) => new(id, customer, name, Day0.AddDays(days), null, null);
        await store.IngestAsync(ws, new IngestBatch([],
        [
            E("a1", "a", "support_call", 0), E("a2", "a", "ticket_closed", 0.1), E("a3", "a", "support_call", 2), // day 0 came back on day 2: not resolved; day 2 resolved
            E("b1", "b", "support_call", 0),                                                                     // resolved
            E("c1", "c", "support_call", 0), E("c2", "c", "support_call", 20),                                   // both resolved: 20 days apart
            E("d1", "d", "chat_started", 1), E("d2", "d", "support_call", 3),                                    // another touchpoint is another contact: both resolved
            E("e1", "e", "app_login", 0), E("e2", "e", "app_login", 1),                                          // not an assisted channel: not a contact
            E("f1", "f", "support_call", 40),                                                                    // the last week of contacts: not yet judged
        ], [], CreateMissingCustomers: true));

        var overall = await store.TallyScoresAsync(ws, new MetricQuery(ScoreMetric.Fcr, null, null, null, null, []));
        var tally = Assert.Single(overall).Tally;
        Assert.Equal((7L, 6L, 1L), (tally.N, tally.Good, tally.Bad)); // a0 a2 b0 c0 c20 d1 d3: all but a0 resolved
        Assert.Equal(100.0 * 6 / 7, ScoreMetric.Fcr.Estimate(tally, minimumN: 1).Value, 6);

        var byTouchpoint = (await store.TallyScoresAsync(ws, new MetricQuery(ScoreMetric.Fcr, Dimension.Touchpoint, null, null, null, []))).ToDictionary(r => r.Group!, r => (r.Tally.N, r.Tally.Good));
        Assert.Equal((6L, 5L), byTouchpoint["Support call"]);
        Assert.Equal((1L, 1L), byTouchpoint["Chat"]);
        Assert.False(byTouchpoint.ContainsKey("App"));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task LifetimeValueInputs_AreCountedPerGroup(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("clv", Industry.Telecommunications)).Id;
        var now = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            Cairn.Core.Customers.CustomerProfile.Minimal("a") with { SignupAt = now.AddYears(-2), MonthlyRevenue = 100, Segment = "business" },
            Cairn.Core.Customers.CustomerProfile.Minimal("b") with { SignupAt = now.AddYears(-2), MonthlyRevenue = 100, Segment = "business", Status = Cairn.Core.Customers.CustomerStatus.Churned, ChurnedAt = now.AddMonths(-6) },
            Cairn.Core.Customers.CustomerProfile.Minimal("c") with { SignupAt = now.AddMonths(-3), MonthlyRevenue = 50, Segment = "consumer" },
        ]));
        await store.AddRecordsAsync(ws, [new Cairn.Core.Customers.CustomerRecord("o1", "a", Cairn.Core.Customers.RecordKind.Order, now.AddDays(-10), 80, "EUR", null)]);

        var groups = (await store.ClvInputsAsync(ws, Dimension.Segment, now)).ToDictionary(g => g.Group!);
        Assert.Equal(new ClvInputs("business", 1, 100, 2, 1, 1, 80, 1, 0), groups["business"]);
        Assert.Equal(new ClvInputs("consumer", 1, 50, 0, 0, 0, null, 0, 0), groups["consumer"]); // joined this year: not at the year's start
    }
}
