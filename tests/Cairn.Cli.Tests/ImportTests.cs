using Cairn.Cli.Import;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

public sealed class ImportTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private CairnStore _store = null!;
    private long _workspace;

    public async ValueTask InitializeAsync()
    {
        _store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, _directory.File("cairn.duckdb")));
        _workspace = (await _store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
        await _store.IngestAsync(_workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1"), CustomerProfile.Minimal("c2")]));
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<ImportCommand.Summary> Import(ImportKind kind, string name, string content, LocalFormats? formats = null)
    {
        var path = _directory.File(name);
        await File.WriteAllTextAsync(path, content);
        var sink = new StoreSink(_store, _workspace, TimeProvider.System);
        return await ImportCommand.ImportAsync(kind, new FileInfo(path), sink, _ => { }, CancellationToken.None, formats);
    }

    [Fact]
    public async Task RecordsCsv_FromAGermanErp_ReadsItsDatesAndDecimalCommas_AndReportsWhatItCannot()
    {
        var csv = """
            id,customerId,kind,occurredAt,amount,currency,sku
            SO-1,c1,order,23.11.2026,"1.234,50",EUR,X1
            SO-1,c1,order,23.11.2026,"1.234,50",EUR,X1
            SO-2,ghost,order,24.11.2026,"10,00",EUR,
            RT-1,c1,return,11/24/2026,"-19,99",EUR,X1
            RN-1,c2,renewal,01.02.2027,,,
            IN-1,c2,invoice,25.11.2026,"99,00",eur,
            IN-2,c2,invoice,25.11.2026,"99,00",,
            """;
        var summary = await Import(ImportKind.Records, "records.csv", csv, new LocalFormats("dd.MM.yyyy", DecimalComma: true));

        Assert.Equal((3L, 1L), (summary.Accepted, summary.Duplicates)); // SO-1 twice is one order
        Assert.Equal([4L, 5L, 8L], summary.Rejected.Select(r => r.Line));
        Assert.Contains("unknown customer 'ghost'", summary.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", summary.Rejected[1].Reason, StringComparison.Ordinal); // 11/24/2026 is not dd.MM.yyyy
        Assert.Contains("currency", summary.Rejected[2].Reason, StringComparison.Ordinal);
        var order = Assert.Single(await _store.CustomerRecordsAsync(_workspace, "c1", 10));
        Assert.Equal((1234.5, "EUR", new DateTime(2026, 11, 23)), (order.Amount!.Value, order.Currency, order.OccurredAt));
        Assert.Contains("X1", order.Properties, StringComparison.Ordinal);
        var c2 = await _store.CustomerRecordsAsync(_workspace, "c2", 10);
        Assert.Equal([("renewal", (double?)null, new DateTime(2027, 2, 1)), ("invoice", 99.0, new DateTime(2026, 11, 25))], c2.Select(r => (r.Kind, r.Amount, r.OccurredAt)));
    }

    [Theory]
    [InlineData("1,234.50", false, 1234.5)]
    [InlineData("1234.5", false, 1234.5)]
    [InlineData("1.234,50", true, 1234.5)]
    [InlineData("1 234,50", true, 1234.5)]
    [InlineData("-19,99", true, -19.99)]
    [InlineData("1,5", false, null)] // never read as 15
    [InlineData("1.5", true, null)] // never read as 15
    [InlineData("12,34,5", false, null)]
    public void LocalNumbers_AreReadOnlyWhenUnambiguous(string text, bool decimalComma, double? expected) =>
        Assert.Equal(expected, new LocalFormats(null, decimalComma).Number(text));

    [Fact]
    public async Task EventsCsv_BadRows_AreReportedByLine_AndTheRestImported()
    {
        var csv = """
            id,customerId,name,timestamp,channel,plan
            e1,c1,checkout_completed,2026-11-01T10:00:00Z,web,pro
            e2,c2,ticket_opened,not-a-date,phone,
            e3,ghost,ticket_opened,2026-11-01T10:00:00Z,phone,
            e4,c2,"broken "quote,2026-11-01T10:00:00Z,web,
            e5,c2,ticket_closed,2026-11-01T11:00:00Z,phone,
            """;
        var summary = await Import(ImportKind.Events, "events.csv", csv);

        Assert.Equal(2, summary.Accepted);
        Assert.Equal([3L, 4L, 5L], summary.Rejected.Select(r => r.Line));
        Assert.Contains("timestamp", summary.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("ghost", summary.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("quot", summary.Rejected[2].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, (await _store.GetStatsAsync(_workspace)).Events);
    }

    [Fact]
    public async Task EventsCsv_MissingColumn_IsRefusedBeforeImporting()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => Import(ImportKind.Events, "bad.csv", "id,customerId,timestamp\ne1,c1,2026-11-01T00:00:00Z\n"));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_ImportedTwice_AddsNothingTwice()
    {
        var lines = """
            {"id":"f1","source":"review","rating":5,"text":"Great"}
            {"id":"f2","source":"ticket","text":"Broken","customerId":"c1"}
            {"id":"f3","source":"review","rating":
            """;
        var first = await Import(ImportKind.Feedback, "fb.jsonl", lines);
        var second = await Import(ImportKind.Feedback, "fb.jsonl", lines);

        Assert.Equal((2, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 2), (second.Accepted, second.Duplicates));
        Assert.Equal(3L, Assert.Single(first.Rejected).Line);
        Assert.Equal(2, (await _store.GetStatsAsync(_workspace)).Feedback);
    }

    [Fact]
    public async Task CustomersCsv_ExtraColumns_BecomeAttributes()
    {
        var summary = await Import(ImportKind.Customers, "customers.csv", "id,segment,favouriteColour\nc9,enterprise,teal\n");
        Assert.Equal(1, summary.Accepted);
        Assert.Equal(3, (await _store.GetStatsAsync(_workspace)).Customers);
    }
}
