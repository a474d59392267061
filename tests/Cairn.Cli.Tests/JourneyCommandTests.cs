using Cairn.Core.Journeys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn journey diff</c> and <c>cairn journey export --format</c> run as real processes.</summary>
public sealed class JourneyCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AFutureState_IsComparedWithItsSource_AndTheMapIsExportedAsAPicture()
    {
        var db = _directory.File("cairn.duckdb");
        long current, future;
        await using (var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db)))
        {
            var ws = (await store.EnsureWorkspaceAsync("j", Industry.Telecommunications)).Id;
            current = store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
                [new StageDefinition("Service", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"])])]));
            future = store.CreateJourney(ws, new JourneyDefinition("Service (future)", null, null, null, JourneyState.Future,
                [new StageDefinition("Service", null, null, [new TouchpointDefinition("Support call", "chat", true, null, ["support_call"]), new TouchpointDefinition("Outage SMS", "sms", true, null, [])])]),
                current);
        }

        var id = future.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output, error) = await CairnProcess.RunAsync(["journey", "diff", id, "--db", db]);
        Assert.True(exit == 0, error);
        Assert.Contains("channel phone → chat", output, StringComparison.Ordinal);
        Assert.Contains("Outage SMS", output, StringComparison.Ordinal);
        Assert.Contains("added", output, StringComparison.Ordinal);
        var (noSource, _, noSourceError) = await CairnProcess.RunAsync(["journey", "diff", current.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db]);
        Assert.Equal((1, "cairn: this map was not drafted from another: name one with --with"), (noSource, noSourceError.Trim()));

        var svg = _directory.File("map.svg");
        var exported = await CairnProcess.RunAsync(["journey", "export", id, "--format", "svg", "--out", svg, "--db", db]);
        Assert.True(exported.Exit == 0, exported.Error);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(svg), StringComparison.Ordinal);
        var (pdfExit, _, pdfError) = await CairnProcess.RunAsync(["journey", "export", id, "--format", "pdf", "--db", db]);
        Assert.Equal((1, "cairn: a pdf is not text: write it to a file with --out"), (pdfExit, pdfError.Trim()));
    }
}
