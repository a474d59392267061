using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn customer export|erase</c> run as a real process against a seeded DuckDB file.</summary>
public sealed class CustomerCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> SeedAsync()
    {
        var path = _directory.File("cairn.duckdb");
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, path));
        var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana") with { Email = "ana@example.com" }, CustomerProfile.Minimal("bo")]));
        var at = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        await store.IngestAsync(workspace, IngestBatch.OfEvents([new TrackEvent("e1", "ana", "login", at, "app", null), new TrackEvent("e2", "ana", "login", at, "app", null), new TrackEvent("e3", "bo", "login", at, "app", null)]));
        return path;
    }

    private static Task<(int Exit, string Out, string Error)> Cairn(params string[] args) => CairnProcess.RunAsync(args);

    [Fact]
    public async Task Export_WritesEverythingAboutTheCustomer()
    {
        var db = await SeedAsync();
        var file = _directory.File("ana.json");

        var (exit, output, _) = await Cairn("customer", "export", "ana", "--out", file, "--db", db);

        Assert.Equal(0, exit);
        Assert.Contains("3 rows about ana", output, StringComparison.Ordinal);
        var tables = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("tables");
        Assert.Equal("ana@example.com", tables.GetProperty("customers")[0].GetProperty("email").GetString());
        Assert.Equal(2, tables.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Erase_WantsYes_ThenErasesAndVerifies_AndAnUnknownCustomerIsAnError()
    {
        var db = await SeedAsync();

        var dry = await Cairn("customer", "erase", "ana", "--db", db);
        Assert.Equal(1, dry.Exit);
        Assert.Contains("would erase about ana: customers 1, events 2", dry.Out, StringComparison.Ordinal);
        Assert.Contains("add --yes", dry.Error, StringComparison.Ordinal);

        var (exit, output, _) = await Cairn("customer", "erase", "ana", "--yes", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("erased ana: 3 rows", output, StringComparison.Ordinal);
        Assert.Contains("verified: nothing about ana is left", output, StringComparison.Ordinal);

        var gone = await Cairn("customer", "export", "ana", "--db", db);
        Assert.NotEqual(0, gone.Exit);
        Assert.Equal("cairn: nothing about customer 'ana' in this workspace", gone.Error.Trim());
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        Assert.Equal((1, 1), ((await store.GetStatsAsync(1)).Customers, (await store.GetStatsAsync(1)).Events));
    }

    [Fact]
    public async Task AtRisk_RecomputesAndListsTheCustomerWhoWentQuiet_WithTheReason()
    {
        var path = _directory.File("cairn.duckdb");
        await using (var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, path)))
        {
            var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
            var at = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
            await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana") with { SignupAt = at.AddYears(-1) }, CustomerProfile.Minimal("bo") with { SignupAt = at.AddYears(-1) }]));
            // Ana used the app every few days, then stopped a month before bo's last login; bo carried on.
            var events = Enumerable.Range(0, 12).SelectMany(i => new[]
            {
                new TrackEvent($"a{i}", "ana", "login", at.AddDays(-35 - (i * 4)), "app", null),
                new TrackEvent($"b{i}", "bo", "login", at.AddDays(-(i * 7)), "app", null),
            });
            await store.IngestAsync(workspace, IngestBatch.OfEvents([.. events]));
            await store.IngestAsync(workspace, IngestBatch.OfFeedback([new global::Cairn.Core.Feedback.FeedbackItem("t1", global::Cairn.Core.Feedback.FeedbackSource.Ticket, "ana", null, null, null, null,
                "The app keeps crashing and support never answers. Awful.", at.AddDays(-3), "chat", null)]));
        }

        var (exit, output, error) = await Cairn("customer", "at-risk", "--recompute", "--db", path);
        var (badExit, _, badError) = await Cairn("customer", "at-risk", "--top", "0", "--db", path);

        Assert.True(exit == 0, error);
        Assert.Contains("recomputed the health of 2 customers as of 2026-09-01", output, StringComparison.Ordinal);
        Assert.Contains("ana", output, StringComparison.Ordinal);
        Assert.Contains("(-15)", output, StringComparison.Ordinal); // went quiet: the usage trend cost 15 points
        Assert.DoesNotContain("│ bo", output, StringComparison.Ordinal);
        Assert.Contains("nothing to check", output, StringComparison.Ordinal); // nobody has left yet
        Assert.Equal(1, badExit);
        Assert.Contains("--top", badError, StringComparison.Ordinal);
    }
}
