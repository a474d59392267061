using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Storage;
using Cairn.Web.Surveys;
using Spectre.Console;

namespace Cairn.Cli.Import;

/// <summary>
/// <c>cairn import responses FILE --survey ID [--map Q1=nps,Q2=why]</c>: survey responses exported
/// from Qualtrics or any tool, imported onto a Cairn survey by <see cref="ResponseCsvImport"/>:
/// straight into the database, or, when a server holds it (a DuckDB file is held by one process),
/// through that server's <c>POST /api/v1/surveys/{id}/responses/import</c>, the file streamed as
/// it is read. Either way a progress bar follows the file and the report names every refused line.
/// </summary>
internal static class ResponseImport
{
    public static async Task<int> RunAsync(FileInfo file, long? surveyId, string? map, StorageLocation location, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }

        if (surveyId is not { } survey)
        {
            throw new UsageException("importing responses needs --survey ID: the survey they answer");
        }

        Dictionary<string, string> mapping;
        try
        {
            mapping = ResponseCsvImport.Mapping(map);
        }
        catch (ResponseCsvImport.UnmappableException e)
        {
            throw new UsageException("--" + e.Message);
        }

        await using var stream = file.OpenRead();
        var server = ServerInfo.Find(location);
        if (server is not null)
        {
            Console.Error.WriteLine($"A server is running on this database; importing through {server.Url}.");
        }

        Task<ResponseCsvImport.Report> Import() => Task.Run(() => server is null
            ? DirectAsync(file, stream, survey, mapping, location, cancellationToken)
            : ThroughServerAsync(file, stream, survey, map, server, cancellationToken), cancellationToken);

        ResponseCsvImport.Report report;
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            report = null!;
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask("Importing responses", maxValue: Math.Max(1, file.Length));
                    var importing = Import();
                    while (!importing.IsCompleted)
                    {
                        bar.Value = stream.CanSeek ? stream.Position : bar.Value;
                        await Task.WhenAny(importing, Task.Delay(100, cancellationToken));
                    }

                    report = await importing;
                    bar.Value = bar.MaxValue;
                });
        }
        else
        {
            report = await Import();
        }

        if (report.Ignored.Count > 0)
        {
            Console.Error.WriteLine($"not imported (no question of survey {survey} matches): {string.Join(", ", report.Ignored.Take(12))}{(report.Ignored.Count > 12 ? ", …" : "")}");
        }

        ImportCommand.Print(new ImportCommand.Summary(report.Rows, report.Accepted, report.Duplicates, [.. report.Rejected.Select(r => (r.Line, r.Reason))]));
        return report.Accepted + report.Duplicates > 0 || (report.Rows == 0 && report.Rejected.Count == 0) ? 0 : 1;
    }

    private static async Task<ResponseCsvImport.Report> DirectAsync(FileInfo file, Stream stream, long survey, Dictionary<string, string> mapping, StorageLocation location, CancellationToken cancellationToken)
    {
        await using var store = CairnStore.Open(location);
        var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first.Id : throw new UsageException($"{location} has no workspace yet");
        var stored = await store.SurveyAsync(workspace, survey) ?? throw new UsageException($"there is no survey {survey}");
        try
        {
            return await ResponseCsvImport.RunAsync(store, workspace, stored, stream, mapping, null, cancellationToken);
        }
        catch (ResponseCsvImport.UnmappableException e)
        {
            throw new UsageException($"{file.Name}: {e.Message}");
        }
    }

    private static async Task<ResponseCsvImport.Report> ThroughServerAsync(FileInfo file, Stream stream, long survey, string? map, ServerInfo server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var answer = await http.PostAsync($"api/v1/surveys/{survey}/responses/import?map={Uri.EscapeDataString(map ?? "")}", content, cancellationToken);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            var detail = body.TryGetProperty("detail", out var d) ? d.GetString() : $"the server answered {(int)answer.StatusCode}";
            throw new UsageException(answer.StatusCode == System.Net.HttpStatusCode.BadRequest ? $"{file.Name}: {detail}" : detail!);
        }

        return body.Deserialize<ResponseCsvImport.Report>(JsonSerializerOptions.Web) ?? throw new UsageException("the server's answer was empty");
    }
}
