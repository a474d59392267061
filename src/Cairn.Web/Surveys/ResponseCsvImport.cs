using System.Globalization;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cairn.Web.Surveys;

/// <summary>
/// Survey responses exported from Qualtrics (three header rows) or any tool (one header row), mapped
/// onto a Cairn survey (<see cref="ResponseTable"/>). Each row is checked like a respondent's
/// submission; a bad row is reported with its line and the rest are imported, 5,000 at a time (each
/// batch committed before the next is read), keeping their own dates. A response id already stored
/// is skipped, so an import can be run again, also after an interrupted one. Free-text answers
/// become feedback items for text analytics. Responses naming a customer Cairn does not know are
/// refused: import the customers first. Used by <c>POST /api/v1/surveys/{id}/responses/import</c>
/// and by <c>cairn import responses</c> when no server holds the database.
/// </summary>
public static class ResponseCsvImport
{
    private const int BatchSize = 5_000;

    /// <summary>What an import did: rows read, responses stored, ids already stored, rows refused by line, and columns that answer no question.</summary>
    public sealed record Report(long Rows, long Accepted, long Duplicates, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<string> Ignored);

    public sealed record RejectedRow(long Line, string Reason);

    /// <summary>A file whose columns cannot be mapped onto the survey, or a bad column map: nothing was imported.</summary>
    public sealed class UnmappableException(string message) : Exception(message);

    /// <summary>"Q1=nps,Q2=why" as column → question.</summary>
    public static Dictionary<string, string> Mapping(string? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (map ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == pair.Length - 1)
            {
                throw new UnmappableException($"map: '{pair}' is not COLUMN=QUESTION");
            }

            result[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }

        return result;
    }

    /// <summary>Reads the CSV to its end and imports it; <paramref name="batchDone"/> is called after each committed batch.</summary>
    public static async Task<Report> RunAsync(CairnStore store, long workspace, StoredSurvey survey, Stream csvStream, IReadOnlyDictionary<string, string> mapping, Action? batchDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(survey);
        using var reader = new StreamReader(csvStream, leaveOpen: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        var head = new List<string[]>();
        while (head.Count < 3 && await csv.ReadAsync())
        {
            head.Add(csv.Record ?? []);
        }

        var problems = new List<string>();
        var layout = ResponseTable.Plan(head, survey.Definition, mapping, problems) ?? throw new UnmappableException(string.Join("; ", problems));
        var rows = new List<(long Line, string[] Fields)>();
        rows.AddRange(head.Skip(layout.HeaderRows).Select((r, i) => ((long)(layout.HeaderRows + i + 1), r)));
        var rejected = new List<RejectedRow>();
        long total = 0, accepted = 0, duplicates = 0;
        var now = store.Time.GetUtcNow().UtcDateTime;

        async Task FlushAsync()
        {
            var errors = new List<ItemError>();
            var good = new List<ImportedResponse>();
            foreach (var (line, fields) in rows)
            {
                total++;
                if (ResponseTable.Row(layout, survey.Definition, fields, line, now, errors) is { } response)
                {
                    good.Add(response);
                }
            }

            rejected.AddRange(errors.Select(e => new RejectedRow(e.Index, $"{e.Field}: {e.Message}")));
            rows.Clear();
            var unknown = (await store.UnknownCustomersAsync(workspace, [.. good.Where(g => g.CustomerId is not null).Select(g => g.CustomerId!)])).ToHashSet(StringComparer.Ordinal);
            rejected.AddRange(good.Where(g => g.CustomerId is { } c && unknown.Contains(c)).Select(g => new RejectedRow(g.Line, $"customer: '{g.CustomerId}' is not a customer of this workspace; import customers first")));
            good.RemoveAll(g => g.CustomerId is { } c && unknown.Contains(c));
            if (good.Count == 0)
            {
                return;
            }

            var responses = good.Select(g => new SurveyResponse(g.Id, survey.Id, survey.Version, g.CustomerId, g.Complete, survey.TouchpointId, survey.StageId, "import", "en", g.StartedAt, g.CompletedAt,
                [.. g.Answers.Select(a => new Answer(a.Key, a.Value.Number, a.Value.Text ?? (a.Value.Choices is { Count: > 0 } c ? string.Join(',', c) : null)))])).ToList();
            var inserted = store.ImportResponses(workspace, responses);
            accepted += inserted;
            duplicates += good.Count - inserted;
            var comments = good.SelectMany(g => g.Answers.Where(a => survey.Definition.Find(a.Key)?.Type == QuestionType.Text && !string.IsNullOrWhiteSpace(a.Value.Text))
                .Select(a => new FeedbackItem($"comment-{g.Id}-{a.Key}", FeedbackSource.SurveyComment, g.CustomerId, null, null, null, null, a.Value.Text, g.CompletedAt, "import", null) { ResponseId = g.Id })).ToList();
            if (comments.Count > 0)
            {
                await store.IngestAsync(workspace, IngestBatch.OfFeedback(comments), cancellationToken);
            }

            batchDone?.Invoke();
        }

        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add((csv.Row, csv.Record ?? []));
            if (rows.Count == BatchSize)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new Report(total, accepted, duplicates, rejected, layout.Ignored);
    }
}
