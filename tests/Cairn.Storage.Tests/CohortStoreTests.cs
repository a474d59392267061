using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class CohortStoreTests(Engines engines)
{
    private static readonly DateTime AsOf = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Tenures_AreCountedPerGroup_InWholeMonths_AsOfTheCutOff(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("cohorts", Industry.Telecommunications)).Id;
        var jan = new DateTime(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            CustomerProfile.Minimal("a") with { SignupAt = jan, Segment = "consumer" },
            CustomerProfile.Minimal("b") with { SignupAt = jan.AddDays(5), Segment = "consumer", Status = CustomerStatus.Churned, ChurnedAt = jan.AddDays(70), ChurnType = ChurnType.Voluntary },
            CustomerProfile.Minimal("c") with { SignupAt = jan.AddMonths(6), Segment = "business" },
            CustomerProfile.Minimal("d") with { SignupAt = jan, Segment = "business", Status = CustomerStatus.Churned, ChurnedAt = AsOf.AddDays(10) }, // leaves after the cut-off
            CustomerProfile.Minimal("e") with { SignupAt = jan, Status = CustomerStatus.Churned }, // left, but when is unknown
            CustomerProfile.Minimal("f") with { SignupAt = AsOf.AddDays(3) }, // not yet a customer at the cut-off
        ]));

        var byMonth = await store.TenureCountsAsync(ws, CohortGrouping.Month, 12, AsOf);
        var bySegment = await store.TenureCountsAsync(ws, CohortGrouping.Segment, 12, AsOf);
        var change = await store.TenureCountsAsync(ws, CohortGrouping.Change, 3, AsOf, changeFrom: jan.AddDays(1), changeTo: jan.AddMonths(3));

        Assert.Equal(
            [new TenureCount("2026-01-01", 8, 2, 1), new TenureCount("2026-01-01", 8, null, 2), new TenureCount("2026-07-01", 2, null, 1)],
            byMonth);
        Assert.Equal(["business", "consumer"], bySegment.Select(t => t.Group).Distinct());
        Assert.Equal([("after", 1L), ("before", 2L), ("during", 1L)], change.Select(t => (t.Group, t.Customers)));
        Assert.All(change, t => Assert.True(t.Observed <= 3)); // capped at the curve's length
    }
}
