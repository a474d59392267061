using System.Globalization;
using Cairn.Cli.Serve;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;

namespace Cairn.Cli.Import;

/// <summary>
/// <c>cairn import responses FILE --survey ID [--map Q1=nps,Q2=why]</c>: survey responses exported
/// from Qualtrics (three header rows) or any tool (one header row), mapped onto a Cairn survey
/// (<see cref="ResponseTable"/>). Each row is checked like a respondent's submission; a bad row is
/// reported with its line and the rest are imported, 5,000 at a time, keeping their own dates. A
/// response id already stored is skipped, so an import can be run again. Free-text answers become
/// feedback items for text analytics. Responses naming a customer Cairn does not know are refused:
/// import the customers first.
/// </summary>
internal static class ResponseImport
{
    private const int BatchSize = 5_000;

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

        if (ServerInfo.Find(location) is { } server)
        {
            throw new UsageException($"a server ({server.Url}) holds this database; stop it to import responses (an import keeps each response's own dates and is written directly)");
        }

        var mapping = Mapping(map);
        await using var store = CairnStore.Open(location);
        var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first.Id : throw new UsageException($"{location} has no workspace yet");
        var stored = await store.SurveyAsync(workspace, survey) ?? throw new UsageException($"there is no survey {survey}");

        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        var head = new List<string[]>();
        while (head.Count < 3 && await csv.ReadAsync())
        {
            head.Add(csv.Record ?? []);
        }

        var problems = new List<string>();
        var layout = ResponseTable.Plan(head, stored.Definition, mapping, problems) ?? throw new UsageException($"{file.Name}: {string.Join("; ", problems)}");
        if (layout.Ignored.Count > 0)
        {
            Console.Error.WriteLine($"not imported (no question of survey {survey} matches): {string.Join(", ", layout.Ignored.Take(12))}{(layout.Ignored.Count > 12 ? ", …" : "")}");
        }

        var rows = new List<(long Line, string[] Fields)>();
        rows.AddRange(head.Skip(layout.HeaderRows).Select((r, i) => ((long)(layout.HeaderRows + i + 1), r)));
        var rejected = new List<(long Line, string Reason)>();
        long total = 0, accepted = 0, duplicates = 0;
        var now = store.Time.GetUtcNow().UtcDateTime;

        async Task FlushAsync()
        {
            var errors = new List<ItemError>();
            var good = new List<ImportedResponse>();
            foreach (var (line, fields) in rows)
            {
                total++;
                if (ResponseTable.Row(layout, stored.Definition, fields, line, now, errors) is { } response)
                {
                    good.Add(response);
                }
            }

            rejected.AddRange(errors.Select(e => ((long)e.Index, $"{e.Field}: {e.Message}")));
            rows.Clear();
            var unknown = (await store.UnknownCustomersAsync(workspace, [.. good.Where(g => g.CustomerId is not null).Select(g => g.CustomerId!)])).ToHashSet(StringComparer.Ordinal);
            rejected.AddRange(good.Where(g => g.CustomerId is { } c && unknown.Contains(c)).Select(g => (g.Line, $"customer: '{g.CustomerId}' is not a customer of this workspace; import customers first")));
            good.RemoveAll(g => g.CustomerId is { } c && unknown.Contains(c));
            if (good.Count == 0)
            {
                return;
            }

            var responses = good.Select(g => new SurveyResponse(g.Id, survey, stored.Version, g.CustomerId, g.Complete, stored.TouchpointId, stored.StageId, "import", "en", g.StartedAt, g.CompletedAt,
                [.. g.Answers.Select(a => new Answer(a.Key, a.Value.Number, a.Value.Text ?? (a.Value.Choices is { Count: > 0 } c ? string.Join(',', c) : null)))])).ToList();
            var inserted = store.ImportResponses(workspace, responses);
            accepted += inserted;
            duplicates += good.Count - inserted;
            var comments = good.SelectMany(g => g.Answers.Where(a => stored.Definition.Find(a.Key)?.Type == QuestionType.Text && !string.IsNullOrWhiteSpace(a.Value.Text))
                .Select(a => new FeedbackItem($"comment-{g.Id}-{a.Key}", FeedbackSource.SurveyComment, g.CustomerId, null, null, null, null, a.Value.Text, g.CompletedAt, "import", null) { ResponseId = g.Id })).ToList();
            if (comments.Count > 0)
            {
                await store.IngestAsync(workspace, IngestBatch.OfFeedback(comments), cancellationToken);
            }
        }

        async Task ReadAllAsync(Action<long> progress)
        {
            while (await csv.ReadAsync())
            {
                rows.Add((csv.Row, csv.Record ?? []));
                if (rows.Count == BatchSize)
                {
                    await FlushAsync();
                    progress(stream.Position);
                }
            }

            await FlushAsync();
        }

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Importing responses", maxValue: Math.Max(1, file.Length));
                    await ReadAllAsync(bytes => task.Value = bytes);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            await ReadAllAsync(_ => { });
        }

        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        ImportCommand.Print(new ImportCommand.Summary(total, accepted, duplicates, rejected));
        return accepted + duplicates > 0 || (total == 0 && rejected.Count == 0) ? 0 : 1;
    }

    /// <summary>"Q1=nps,Q2=why" as column → question.</summary>
    private static Dictionary<string, string> Mapping(string? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (map ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == pair.Length - 1)
            {
                throw new UsageException($"--map: '{pair}' is not COLUMN=QUESTION");
            }

            result[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }

        return result;
    }
}
