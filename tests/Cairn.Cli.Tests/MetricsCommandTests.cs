using System.Text.Json;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn metrics</c> run as a real process against a seeded DuckDB file.</summary>
public sealed class MetricsCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> Seed()
    {
        var path = _directory.File("cairn.duckdb");
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, path));
        var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
        var survey = store.CreateSurvey(workspace, "CSAT", SurveyKind.Csat, null, """{"pages":[]}""");
        var at = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        // September: 30 of 40 satisfied (75%); October: 39 of 40 (97.5%): a real change.
        var scores = Enumerable.Range(0, 80).Select(i => (Month: i / 40, Score: i < 30 || (i >= 40 && i < 79) ? 5.0 : 2.0));
        store.ImportResponses(workspace, scores.Select((x, i) =>
            new SurveyResponse($"r{i}", survey, 1, null, true, null, null, "web", "en", at.AddMonths(x.Month), at.AddMonths(x.Month), [new Answer("csat", x.Score, null)])).ToList());
        return path;
    }

    private static Task<(int Exit, string Out, string Error)> Cairn(params string[] args) => CairnProcess.RunAsync(args);

    [Fact]
    public async Task Csat_ByMonth_PrintsTheSameNumbersAsTheApiShape()
    {
        var db = await Seed();

        var (exit, output, _) = await Cairn("metrics", "csat", "--period", "month", "--json", "--db", db);

        Assert.Equal(0, exit);
        var body = JsonDocument.Parse(output).RootElement;
        var slices = body.GetProperty("slices").EnumerateArray().ToList();
        Assert.Equal([75.0, 97.5], slices.Select(s => s.GetProperty("value").GetDouble()));
        Assert.True(slices[1].GetProperty("change").GetProperty("significant").GetBoolean());
    }

    [Fact]
    public async Task Table_SaysWhetherTheChangeIsReal()
    {
        var db = await Seed();

        var (exit, output, _) = await Cairn("metrics", "csat", "--period", "month", "--db", db);

        Assert.Equal(0, exit);
        Assert.Contains("2026-10", output, StringComparison.Ordinal);
        Assert.Contains("CSAT rose by 22.5 points", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadOption_IsOneLine_AndExit1()
    {
        var db = await Seed();

        var (exit, output, error) = await Cairn("metrics", "nps", "--by", "shoe", "--db", db);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("cairn: --by: cannot slice by 'shoe'", error, StringComparison.Ordinal);
    }
}
