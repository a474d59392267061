using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class StrategyStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Strategy_Owners_AndTheEconomicsOfLoyalty_ComeFromTheWorkspace(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("strategy", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Journey", null, null, null, JourneyState.Current,
            [new StageDefinition("Awareness", null, null, []), new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"])])]));
        Assert.Equal("nps", (await store.StrategyAsync(ws)).NorthStar); // nothing written yet
        await store.SaveStrategyAsync(ws, StrategyRow.Empty with { Vision = "Never make them call", NorthStarTarget = 30, TargetDate = new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc) }, "lead");
        await store.SaveStrategyAsync(ws, (await store.StrategyAsync(ws)) with { Promise = "Fixed once" }, "lead");
        var strategy = await store.StrategyAsync(ws);
        Assert.Equal(("Never make them call", "Fixed once", 30.0, new DateTime(2027, 6, 30), "lead"), (strategy.Vision, strategy.Promise, strategy.NorthStarTarget!.Value, strategy.TargetDate!.Value, strategy.UpdatedBy));

        var stages = await store.StageOwnersAsync(ws);
        Assert.True(await store.SetStageOwnerAsync(ws, stages[1].StageId, "care.lead@example.com"));
        Assert.False(await store.SetStageOwnerAsync(ws, 999_999, "someone"));
        Assert.Equal([null, "care.lead@example.com"], (await store.StageOwnersAsync(ws)).Select(s => s.Owner));

        // 40 detractors and 40 promoters answered 18 months ago; 12 detractors and 4 promoters left within the year after.
        var answeredAt = Now.AddDays(-540);
        CustomerProfile Customer(int i, bool leaves) => CustomerProfile.Minimal($"c{i}") with
        {
            SignupAt = Now.AddYears(-3), MonthlyRevenue = 40,
            Status = leaves ? CustomerStatus.Churned : null, ChurnedAt = leaves ? answeredAt.AddDays(100) : null, ChurnType = leaves ? ChurnType.Voluntary : null,
        };
        await store.IngestAsync(ws, IngestBatch.OfCustomers([.. Enumerable.Range(0, 80).Select(i => Customer(i, i < 40 ? i < 12 : i < 44))]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        store.ImportResponses(ws, [.. Enumerable.Range(0, 80).Select(i => new SurveyResponse($"r{i}", nps, 1, $"c{i}", true, null, null, "email", "en", answeredAt, answeredAt,
            [new Answer("nps", i < 40 ? 3 : 10, null)]))]);

        var economics = await store.LoyaltyEconomicsAsync(ws, Now);

        Assert.Equal((0.30, 0.10, 40L, 40L), (economics.DetractorChurn!.Value, economics.PromoterChurn!.Value, economics.DetractorsWatched, economics.PromotersWatched));
        Assert.Equal((64L, 40.0), (economics.ActiveCustomers, economics.MonthlyRevenue!.Value));
    }
}
