using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class CustomerRecordStoreTests(Engines engines)
{
    private static readonly DateTime T0 = new(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc);

    private static CustomerRecord Order(string id, string customer, double amount, int day = 0) =>
        new(id, customer, RecordKind.Order, T0.AddDays(day), amount, "EUR", """{"sku":"X1"}""");

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Records_AreStoredOnce_AndShowOnTheTimeline(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("records", Industry.Retail)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana"), CustomerProfile.Minimal("bo")]));

        var first = await store.AddRecordsAsync(ws, [Order("o1", "ana", 129.5), Order("o2", "bo", 20, 1), Order("o1", "ana", 129.5),
            new CustomerRecord("r1", "ana", RecordKind.Renewal, T0.AddDays(300), null, null, null)]);
        var retry = await store.AddRecordsAsync(ws, [Order("o1", "ana", 129.5), Order("o3", "ana", 5, 2)]);

        Assert.Equal((3, 1), (first.Accepted, first.Duplicates)); // o1 twice in one batch is stored once
        Assert.Equal((1, 1), (retry.Accepted, retry.Duplicates));
        var records = await store.CustomerRecordsAsync(ws, "ana", 10);
        Assert.Equal(["r1", "o3", "o1"], records.Select(r => r.Id));
        Assert.Equal(("order", 129.5, "EUR"), (records[2].Kind, records[2].Amount!.Value, records[2].Currency));
        Assert.Contains("X1", records[2].Properties, StringComparison.Ordinal);
        var timeline = await store.TimelineAsync(ws, "ana", null, 10);
        Assert.Equal(["renewal", "order", "order"], timeline.Where(t => t.Kind == "record").Select(t => t.Title));
        Assert.Equal(3, (await store.CustomerCountsAsync(ws, "ana")).Records);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ABatchNamingAnUnknownCustomer_StoresNothing_AndNamesEachSuchRecord(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("records-unknown", Industry.Retail)).Id;
        var other = (await store.EnsureWorkspaceAsync("records-other", Industry.Retail)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana")]));
        await store.IngestAsync(other, IngestBatch.OfCustomers([CustomerProfile.Minimal("zed")]));

        var outcome = await store.AddRecordsAsync(ws, [Order("o1", "ana", 1), Order("o2", "zed", 2), Order("o3", "nobody", 3)]);

        Assert.Equal([(1, "customerId"), (2, "customerId")], outcome.Rejected.Select(e => (e.Index, e.Field)));
        Assert.Contains("'zed'", outcome.Rejected[0].Message, StringComparison.Ordinal); // zed is another workspace's customer
        Assert.Equal(0, outcome.Accepted);
        Assert.Empty(await store.CustomerRecordsAsync(ws, "ana", 10));
        Assert.Equal(1, (await store.AddRecordsAsync(ws, [Order("o1", "ana", 1)])).Accepted); // the good record, sent again alone, lands
    }
}
