using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Priorities;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class PriorityStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string Complaint = "Terrible billing, I was overcharged twice and nobody refunded me. Awful.";

    /// <summary>
    /// Ten customers at 100 a month who signed up 200 days ago. c1-c4 complained about billing in
    /// reviews; c1 and c2 later left, c4 left on the day of its complaint (so it does not count as
    /// affected). c5 left with no complaint; c6's card failed (involuntary: in neither group). c7
    /// rated the support call's effort 6, c8 rated it 2. NPS: c1 3, c2 2, c5 9, c7 10. One
    /// competitor review complains about billing too.
    /// </summary>
    private static async Task<(long Workspace, long Support)> SeedAsync(CairnStore store)
    {
        var ws = (await store.EnsureWorkspaceAsync("priorities", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, "Care team", ["support_call"])]),
        ]));
        var support = (await store.ListTouchpointsAsync(ws)).Single();
        CustomerProfile Customer(int i, int? lostDaysAgo = null, ChurnType type = ChurnType.Voluntary) =>
            CustomerProfile.Minimal($"c{i}") with
            {
                SignupAt = Now.AddDays(-200), MonthlyRevenue = 100,
                Status = lostDaysAgo is null ? CustomerStatus.Active : CustomerStatus.Churned,
                ChurnedAt = lostDaysAgo is { } d ? Now.AddDays(-d) : null, ChurnType = lostDaysAgo is null ? null : type,
            };
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            Customer(1, 10), Customer(2, 10), Customer(3), Customer(4, 30), Customer(5, 5), Customer(6, 20, ChurnType.Involuntary),
            Customer(7), Customer(8), Customer(9), Customer(10),
        ]));
        FeedbackItem Review(string id, string? customer, string? competitor, int daysAgo) =>
            new(id, FeedbackSource.Review, customer, competitor, 1, 5, null, Complaint, Now.AddDays(-daysAgo).AddHours(9), "web", null);
        await store.IngestAsync(ws, IngestBatch.OfFeedback([Review("f1", "c1", null, 40), Review("f2", "c2", null, 40), Review("f3", "c3", null, 40), Review("f4", "c4", null, 30), Review("f5", null, "Brightwave", 40)]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        var ces = store.CreateSurvey(ws, "CES", SurveyKind.Ces, support.Id, """{"pages":[{"elements":[{"type":"rating","name":"ces","rateMin":1,"rateMax":7}]}]}""");
        SurveyResponse Answer(string id, long survey, string customer, string question, int score, long? touchpoint = null) =>
            new(id, survey, 1, customer, true, touchpoint, touchpoint is null ? null : support.StageId, "email", "en", Now.AddDays(-50), Now.AddDays(-50), [new Answer(question, score, null)]);
        store.ImportResponses(ws,
        [
            Answer("n1", nps, "c1", "nps", 3), Answer("n2", nps, "c2", "nps", 2), Answer("n5", nps, "c5", "nps", 9), Answer("n7", nps, "c7", "nps", 10),
            Answer("e7", ces, "c7", "ces", 6, support.Id), Answer("e8", ces, "c8", "ces", 2, support.Id),
        ]);
        return (ws, support.Id);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Tallies_CountWhoWasAffectedBeforeLeaving_AgainstTheBase(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var (ws, support) = await SeedAsync(store);

        var (population, gaps) = await store.PriorityTalliesAsync(ws, Now.AddDays(-365), Now);

        Assert.Equal(9, population.Customers);      // c6 (involuntary) left out
        Assert.Equal(4, population.Churned);        // c1, c2, c4, c5
        Assert.Equal(900, population.Revenue, 6);
        Assert.Equal(4, population.Nps.N);
        Assert.Equal(2, population.Nps.Good);
        Assert.Equal(2, population.Nps.Bad);
        // 5 lost (any kind) over 1,925 customer-days.
        Assert.Equal(5 / (1925 / 30.436875), population.MonthlyChurnRate, 6);

        var billing = gaps.Single(g => g.Kind == GapKind.Theme && g.Label == "Billing and price");
        Assert.Equal(3, billing.Affected);          // c1, c2, c3: c4 complained on its last day
        Assert.Equal(2, billing.Churned);
        Assert.Equal(300, billing.Revenue, 6);
        Assert.Equal(2, billing.Nps.N);
        Assert.Equal(2, billing.Nps.Bad);
        Assert.Equal(new CompetitorTally(4, 4, 1, 1), billing.Competitors);

        var call = gaps.Single(g => g.Key == $"touchpoint:{support}");
        Assert.Equal(1, call.Affected);             // c7's effort of 6; c8's 2 is no failure
        Assert.Equal(0, call.Churned);
        Assert.True(call.MomentOfTruth);
        Assert.Equal("Care team", call.DefaultOwner);
        Assert.Equal("Service · Service and Use", call.Context);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task GapInputs_AreStored_Replaced_AndOnlyForThisWorkspacesGaps(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var (ws, support) = await SeedAsync(store);
        var other = (await store.EnsureWorkspaceAsync("other", Industry.Retail)).Id;
        var key = $"touchpoint:{support}";

        Assert.True(await store.GapExistsAsync(ws, key));
        Assert.False(await store.GapExistsAsync(other, key));
        Assert.False(await store.GapExistsAsync(ws, "touchpoint:999999"));
        Assert.False(await store.GapExistsAsync(ws, "pain:1"));     // no accepted pain point
        Assert.False(await store.GapExistsAsync(ws, "theme:x"));
        Assert.False(await store.GapExistsAsync(ws, "nonsense"));

        await store.SaveGapInputsAsync(ws, key, new GapInputs(4, 2, "lead@example.com"), "test");
        await store.SaveGapInputsAsync(ws, key, new GapInputs(5, null, "lead@example.com"), "test");
        var inputs = await store.GapInputsAsync(ws);
        Assert.Equal(new GapInputs(5, null, "lead@example.com"), inputs[key]);
        Assert.Empty(await store.GapInputsAsync(other));
    }
}
