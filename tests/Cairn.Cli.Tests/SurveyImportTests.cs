using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn import survey FILE</c> run as a real process.</summary>
public sealed class SurveyImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> Database()
    {
        var db = _directory.File("cairn.duckdb");
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        await store.EnsureWorkspaceAsync("t", Industry.Retail);
        return db;
    }

    [Fact]
    public async Task ASurveyJsFile_BecomesASurvey()
    {
        var db = await Database();
        var file = _directory.File("store-visit.json");
        await File.WriteAllTextAsync(file, """
            {"title": {"default": "Store visit", "de": "Filialbesuch"}, "pages": [{"elements": [
              {"type": "rating", "name": "csat", "rateMin": 1, "rateMax": 5, "isRequired": true, "title": "How satisfied were you with your visit?"},
              {"type": "checkbox", "name": "liked", "choices": ["staff", "prices", "queue"], "visibleIf": "{csat} >= 4"}
            ]}]}
            """);

        var (exit, output, error) = await CairnProcess.RunAsync(["import", "survey", file, "--db", db]);

        Assert.True(exit == 0, error);
        Assert.Equal("created survey 1 'Store visit' (csat, 2 questions); hosted page /s/1", output.Trim());
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        var survey = await store.SurveyAsync((await store.ListWorkspacesAsync())[0].Id, 1);
        Assert.Equal("Filialbesuch", survey!.Definition.Title.For("de"));
        Assert.Equal("{csat} >= 4", survey.Definition.Questions[1].VisibleIf!.Expression);
    }

    [Fact]
    public async Task ABadDefinition_IsOneLineAndExitCode1()
    {
        var db = await Database();
        var file = _directory.File("bad.json");
        await File.WriteAllTextAsync(file, """{"pages": [{"elements": [{"type": "matrix", "name": "grid"}]}]}""");

        var (exit, output, error) = await CairnProcess.RunAsync(["import", "survey", file, "--db", db]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("cairn: bad.json: 1 problem(s): pages[0].elements[0]: question type 'matrix' is not supported; use rating, radiogroup, dropdown, checkbox, comment or text", error.Trim());
    }
}
