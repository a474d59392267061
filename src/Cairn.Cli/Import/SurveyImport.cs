using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Core.Surveys;
using Cairn.Storage;

namespace Cairn.Cli.Import;

/// <summary>
/// <c>cairn import survey FILE [--name N]</c>: creates a survey from a SurveyJS definition, checked
/// as the API checks it (every refused element named), and prints its id and hosted page.
/// </summary>
public static class SurveyImport
{
    /// <summary>A definition is a few kilobytes; a megabyte is not a survey.</summary>
    public const long MaxBytes = 1_000_000;

    public static async Task<int> RunAsync(FileInfo file, string? name, StorageLocation location, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }

        if (file.Length > MaxBytes)
        {
            throw new UsageException($"{file.Name} is {file.Length:N0} bytes; a survey definition is at most {MaxBytes:N0}");
        }

        var json = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var problems = new List<string>();
        var definition = SurveyJson.Import(json, problems, Path.GetFileNameWithoutExtension(file.Name));
        if (definition is null)
        {
            throw new UsageException($"{file.Name}: {problems.Count} problem(s): {string.Join("; ", problems.Take(3))}");
        }

        name ??= definition.Title.For(null);
        var kind = definition.Kind;

        long id;
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
            using var document = JsonDocument.Parse(json);
            using var answer = await http.PostAsJsonAsync("api/v1/surveys", new { name, definition = document.RootElement }, cancellationToken);
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new UsageException(body.TryGetProperty("detail", out var detail) ? detail.GetString()! : $"the server answered {(int)answer.StatusCode}");
            }

            id = body.GetProperty("id").GetInt64();
        }
        else
        {
            await using var store = CairnStore.Open(location);
            var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first.Id : throw new UsageException($"{location} has no workspace yet; run `cairn serve` or `cairn demo` first");
            id = await store.CreateSurveyAsync(workspace, name, kind, null, definition);
        }

        Console.Out.WriteLine($"created survey {id} '{name}' ({kind.ToString().ToLowerInvariant()}, {definition.Questions.Count} questions); hosted page /s/{id}");
        return 0;
    }
}
