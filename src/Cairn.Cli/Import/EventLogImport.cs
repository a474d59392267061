using System.Globalization;
using System.Text.Json;
using Cairn.Core.Journeys.Paths;
using Cairn.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cairn.Cli.Import;

/// <summary>
/// <c>cairn import eventlog FILE</c>: a process-mining event log (XES, or CSV with pm4py's column
/// names) becomes customers (one per case) and their events, so the journey analytics (paths,
/// variants, funnels) run on it. The file is read twice, streaming: first the cases, identified
/// before any of their events arrive; then the events. An event's id is its case and its position
/// in the case ("log:3:2"), so importing the same log again adds nothing.
/// </summary>
internal static class EventLogImport
{
    private const int BatchSize = 5_000;

    public static async Task<int> RunAsync(FileInfo file, StorageLocation location, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }

        var xes = file.Extension.Equals(".xes", StringComparison.OrdinalIgnoreCase);
        if (!xes && !file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("an event log is a .xes file or a .csv file with case, activity and timestamp columns");
        }

        await using var sink = await ImportCommand.OpenSinkAsync(location);
        var problems = new List<string>();
        var cases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(file, xes, problems))
        {
            cases.Add(entry.Case);
        }

        if (problems.Count > 0 && cases.Count == 0)
        {
            throw new UsageException(problems[0]);
        }

        var rejected = problems.Select(p => (0L, p)).ToList();
        long accepted = 0, duplicates = 0, rows = 0;
        foreach (var chunk in cases.Chunk(BatchSize))
        {
            var outcome = await sink.SendAsync(ImportKind.Customers, [.. chunk.Select(c => JsonSerializer.SerializeToElement(new { id = c }))], cancellationToken);
            rejected.AddRange(outcome.Rejected.Select(r => (0L, $"case {chunk[r.Index]}: {r.Message}")));
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var batch = new List<JsonElement>(BatchSize);
        async Task SendAsync()
        {
            var outcome = await sink.SendAsync(ImportKind.Events, batch, cancellationToken);
            accepted += outcome.Accepted;
            duplicates += outcome.Duplicates;
            rejected.AddRange(outcome.Rejected.Select(r => (rows - batch.Count + r.Index + 1, $"{r.Field}: {r.Message}")));
            batch.Clear();
        }

        foreach (var entry in Entries(file, xes, []))
        {
            rows++;
            var n = positions[entry.Case] = positions.GetValueOrDefault(entry.Case) + 1;
            batch.Add(JsonSerializer.SerializeToElement(new
            {
                id = $"log:{entry.Case}:{n.ToString(CultureInfo.InvariantCulture)}",
                customerId = entry.Case,
                name = entry.Activity,
                timestamp = entry.Time.ToString("O", CultureInfo.InvariantCulture),
                properties = entry.Attributes,
            }));
            if (batch.Count == BatchSize)
            {
                await SendAsync();
            }
        }

        if (batch.Count > 0)
        {
            await SendAsync();
        }

        Console.Error.WriteLine($"{cases.Count:N0} cases identified as customers.");
        ImportCommand.Print(new ImportCommand.Summary(rows, accepted, duplicates, rejected));
        return accepted + duplicates > 0 ? 0 : 1;
    }

    private static IEnumerable<EventLogEntry> Entries(FileInfo file, bool xes, List<string> problems)
    {
        using var stream = file.OpenRead();
        if (xes)
        {
            foreach (var entry in EventLog.ReadXes(stream, problems))
            {
                yield return entry;
            }

            yield break;
        }

        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            problems.Add("the CSV file is empty");
            yield break;
        }

        if (EventLog.CsvColumns(header, problems) is not { } columns)
        {
            yield break;
        }

        while (csv.Read())
        {
            var row = csv.Parser.Record ?? [];
            if (EventLog.CsvRow(header, row, columns, csv.Parser.Row, problems) is { } entry)
            {
                yield return entry;
            }
        }
    }
}
