using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn import responses</c> run as a real process: a Qualtrics export and a generic CSV, bad rows refused by line, the rest kept with their own dates.</summary>
public sealed class ResponseImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<(string Db, string Survey)> SeedAsync()
    {
        var db = _directory.File("cairn.duckdb");
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1")]));
        var survey = await store.CreateSurveyAsync(workspace, "NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps);
        return (db, survey.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AQualtricsExport_IsMappedByTextAndMap_BadRowsAreRefusedByLine_AndARerunAddsNothing()
    {
        var (db, survey) = await SeedAsync();
        var file = _directory.File("qualtrics.csv");
        await File.WriteAllTextAsync(file, """
            StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,ExternalReference,Q1,Q2,Q3_TEXT
            Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,External Data Reference,How likely are you to recommend us to a friend or colleague?,Why?,Other
            "{""ImportId"":""startDate"",""timeZone"":""UTC""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""progress""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}","{""ImportId"":""QID3_TEXT""}"
            2024-03-05 14:20:00,2024-03-05 14:22:10,0,100,1,2024-03-05 14:22:10,R_1,c1,9,Great coverage and friendly staff,x
            2024-03-06 10:00:00,2024-03-06 10:01:00,0,100,1,2024-03-06 10:01:00,R_2,c1,11,,
            2024-03-07 10:00:00,2024-03-07 10:01:00,0,100,1,2024-03-07 10:01:00,R_3,ghost,3,Terrible support,
            2024-03-08 09:00:00,2024-03-08 09:03:00,0,100,True,2024-03-08 09:03:00,R_4,,2,"Waited an hour, nobody called back",
            """);

        var (exit, output, error) = await CairnProcess.RunAsync(["import", "responses", file, "--survey", survey, "--map", "Q2=why", "--db", db]);

        Assert.True(exit == 0, error);
        Assert.Matches(@"│ 4\s+│ 2\s+│ 0\s+│ 2\s+│", output);
        Assert.Contains("line 5: nps: must be a whole number from 0 to 10", error, StringComparison.Ordinal);
        Assert.Contains("line 6: customer: 'ghost' is not a customer", error, StringComparison.Ordinal);
        Assert.Contains("not imported (no question of survey", error, StringComparison.Ordinal); // Q3_TEXT, Status, Progress are named
        await using (var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db)))
        {
            var workspace = (await store.ListWorkspacesAsync())[0].Id;
            var stats = await store.GetStatsAsync(workspace);
            Assert.Equal((2L, 2L), (stats.Responses, stats.Feedback)); // the two comments are feedback for text analytics
            var (_, rows) = await store.ResponsesAsync(workspace, long.Parse(survey, System.Globalization.CultureInfo.InvariantCulture), null, 1);
            Assert.Contains(rows, r => r.Id == "R_1" && r.CompletedAt == new DateTime(2024, 3, 5, 14, 22, 10) && r.CustomerId == "c1"); // its own date, not the import's
        }

        var again = await CairnProcess.RunAsync(["import", "responses", file, "--survey", survey, "--map", "Q2=why", "--db", db]);
        Assert.Matches(@"│ 4\s+│ 0\s+│ 2\s+│ 2\s+│", again.Out);
    }

    [Fact]
    public async Task AGenericCsv_Imports_AndAFileItCannotMap_IsOneLineAndExitCode1()
    {
        var (db, survey) = await SeedAsync();
        var generic = _directory.File("generic.csv");
        await File.WriteAllTextAsync(generic, "id,customer_id,completed_at,nps,why\nr1,c1,2024-01-01T10:00:00Z,10,Love it\nr2,,2024-01-02T10:00:00Z,7,\n");
        var (exit, output, error) = await CairnProcess.RunAsync(["import", "responses", generic, "--survey", survey, "--db", db]);
        Assert.True(exit == 0, error);
        Assert.Matches(@"│ 2\s+│ 2\s+│ 0\s+│ 0\s+│", output);

        var unmapped = _directory.File("unmapped.csv");
        await File.WriteAllTextAsync(unmapped, "id,score\nr9,5\n");
        var (badExit, _, badError) = await CairnProcess.RunAsync(["import", "responses", unmapped, "--survey", survey, "--db", db]);
        Assert.Equal(1, badExit);
        Assert.StartsWith("cairn: unmapped.csv: no column answers a question of the survey (its questions: nps, why)", badError.Trim(), StringComparison.Ordinal);
        var (noSurvey, _, noSurveyError) = await CairnProcess.RunAsync(["import", "responses", generic, "--db", db]);
        Assert.Equal((1, "cairn: importing responses needs --survey ID: the survey they answer"), (noSurvey, noSurveyError.Trim()));
    }

    /// <summary>A server holds the DuckDB file: the import goes through its API, with the same report, and the server sees the responses at once.</summary>
    [Fact]
    public async Task WithAServerRunning_TheImportGoesThroughIt()
    {
        var (db, survey) = await SeedAsync();
        var file = _directory.File("generic.csv");
        await File.WriteAllTextAsync(file, "id,customer_id,completed_at,nps,why\nr1,c1,2024-01-01T10:00:00Z,10,Love it\nr2,,2024-01-02T10:00:00Z,7,\nr3,ghost,2024-01-03T10:00:00Z,2,Bad\nr4,,2024-01-04T10:00:00Z,12,\n");
        using var server = new ServerProcess(db, "cairn_import_test_key");
        await server.StartAsync();

        var (exit, output, error) = await CairnProcess.RunAsync(["import", "responses", file, "--survey", survey, "--db", db]);
        Assert.True(exit == 0, error);
        Assert.Contains("importing through " + server.Url, error, StringComparison.Ordinal);
        Assert.Matches(@"│ 4\s+│ 2\s+│ 0\s+│ 2\s+│", output);
        Assert.Contains("line 4: customer: 'ghost' is not a customer", error, StringComparison.Ordinal);
        Assert.Contains("line 5: nps: must be a whole number from 0 to 10", error, StringComparison.Ordinal);

        using var client = server.NewClient();
        var surveys = await client.GetStringAsync("/api/v1/surveys");
        Assert.Contains("\"complete\":2", surveys, StringComparison.Ordinal);
        var again = await CairnProcess.RunAsync(["import", "responses", file, "--survey", survey, "--db", db]);
        Assert.Matches(@"│ 4\s+│ 0\s+│ 2\s+│ 2\s+│", again.Out);
        var unknown = await CairnProcess.RunAsync(["import", "responses", file, "--survey", "999", "--db", db]);
        Assert.Equal((1, "cairn: no survey 999 in this workspace"), (unknown.Exit, unknown.Error.Trim().Split('\n')[^1]));
    }
}
