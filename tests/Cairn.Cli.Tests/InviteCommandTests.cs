using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn invite</c> run as a real process against a DuckDB file.</summary>
public sealed class InviteCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<(string Db, long Survey)> Seed()
    {
        var db = _directory.File("cairn.duckdb");
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1"), CustomerProfile.Minimal("=HYPERLINK(\"x\")")]));
        return (db, await store.CreateSurveyAsync(workspace, "NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps));
    }

    [Fact]
    public async Task Invite_WritesOneSignedLinkPerCustomer_AsSafeCsv()
    {
        var (db, survey) = await Seed();
        var customers = _directory.File("customers.txt");
        await File.WriteAllLinesAsync(customers, ["customer_id", "c1", "=HYPERLINK(\"x\")", "c1"]);

        var (exit, output, error) = await CairnProcess.RunAsync(["invite", survey.ToString(System.Globalization.CultureInfo.InvariantCulture), "--customers", customers, "--base-url", "https://cx.example.com/", "--db", db]);

        Assert.True(exit == 0, error);
        var lines = output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("customer_id,invitation_id,link,expires_at,unsubscribe_link", lines[0]);
        Assert.Equal(3, lines.Count); // c1 once, however often it is listed
        Assert.StartsWith("c1,i", lines[1]);
        Assert.Contains($",https://cx.example.com/s/{survey}?t=", lines[1]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"x\"\")\"", lines[2]); // a formula is neutralised, then quoted
    }

    [Fact]
    public async Task Send_QueuesOneEmailPerInvitation_WithTheLinksAndTheUnsubscribeHeader_AndSkipsCustomersWithoutAnAddress()
    {
        var (db, survey) = await Seed();
        await using (var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db)))
        {
            var workspace = (await store.ListWorkspacesAsync())[0].Id;
            await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("m1") with { Email = "m1@example.com" }]));
        }

        var customers = _directory.File("customers.txt");
        await File.WriteAllLinesAsync(customers, ["m1", "c1"]);
        var (exit, output, error) = await CairnProcess.RunAsync(["invite", survey.ToString(System.Globalization.CultureInfo.InvariantCulture), "--customers", customers, "--send",
            "--base-url", "https://cx.example.com", "--db", db]);

        Assert.True(exit == 0, error);
        Assert.Contains("skipped 1: no email address, e.g. c1", error, StringComparison.Ordinal);
        Assert.Contains("queued 1 invitation emails", error, StringComparison.Ordinal);
        Assert.Equal(2, output.Trim().Split('\n').Length); // the header and m1's link
        await using var check = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        var mail = Assert.Single(await check.QueuedMessagesAsync(10));
        Assert.Equal(("invitation", "m1@example.com"), (mail.Kind, mail.Recipient));
        Assert.Contains($"  10: https://cx.example.com/s/{survey}?t=", mail.Body, StringComparison.Ordinal);
        Assert.StartsWith($"https://cx.example.com/s/{survey}/unsubscribe?t=", mail.UnsubscribeUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCustomers_AreRefusedInOneLine_AndNothingIsRecorded()
    {
        var (db, survey) = await Seed();
        var customers = _directory.File("customers.txt");
        await File.WriteAllLinesAsync(customers, ["c1", "ghost"]);

        var (exit, output, error) = await CairnProcess.RunAsync(["invite", survey.ToString(System.Globalization.CultureInfo.InvariantCulture), "--customers", customers, "--db", db]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("cairn: 1 unknown customer(s), first 'ghost'; import them first. Nothing was recorded.", error.Trim());
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        Assert.Equal(0, (await store.SurveysAsync((await store.ListWorkspacesAsync())[0].Id))[0].Invited);
    }
}
