using System.CommandLine;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Spectre.Console;

namespace Cairn.Cli.Import;

/// <summary>
/// <c>cairn import customers|events|feedback|records FILE</c>: streams a CSV or JSON Lines file in batches,
/// with a progress bar, and ends with a summary of accepted, duplicate and rejected rows, each
/// rejection with its line number. Exit 0 when anything was imported (or already there), 1 when nothing could be.
/// <c>cairn import survey FILE</c> creates a survey from a SurveyJS definition (<see cref="SurveyImport"/>).
/// </summary>
public static class ImportCommand
{
    private const int BatchSize = 5_000;
    private const int ShownErrors = 20;

    public static Command Create()
    {
        var kind = new Argument<ImportKind>("kind") { Description = "What the file holds: customers, events, feedback, records (CRM/ERP facts: orders, returns, invoices, renewals, plan changes), survey (a SurveyJS JSON definition), eventlog (a process-mining log: .xes, or .csv with case, activity and timestamp columns; each case becomes a customer), or responses (a Qualtrics export or a CSV with id and one column per question; needs --survey)" };
        var file = new Argument<FileInfo>("file") { Description = "A .csv file (header row) or .jsonl file (one JSON object per line); for survey, a .json file" };
        var name = new Option<string?>("--name") { Description = "For survey: its name [default: the definition's title, else the file name]" };
        var dateFormat = new Option<string?>("--date-format") { Description = "For CSV: how the file writes dates when not ISO 8601, e.g. dd.MM.yyyy or MM/dd/yyyy HH:mm (.NET custom format; times are read as UTC)" };
        var survey = new Option<long?>("--survey") { Description = "For responses: the id of the survey they answer" };
        var map = new Option<string?>("--map") { Description = "For responses: which column answers which question when the names differ, e.g. Q1=nps,Q2=why" };
        var decimalComma = new Option<bool>("--decimal-comma") { Description = "For CSV: numbers use a decimal comma and a dot or space between thousands (1.234,50)" };
        var command = new Command("import", "Import customers, events, feedback or CRM/ERP records from a CSV or JSON Lines file, a survey from SurveyJS JSON, or a process-mining event log (XES or CSV).")
        {
            kind, file, name, dateFormat, decimalComma, survey, map, Settings.Db,
        };
        command.SetAction((parse, cancellationToken) => parse.GetValue(kind) switch
        {
            ImportKind.Survey => SurveyImport.RunAsync(parse.GetValue(file)!, parse.GetValue(name), Settings.Storage(parse), cancellationToken),
            ImportKind.EventLog => EventLogImport.RunAsync(parse.GetValue(file)!, Settings.Storage(parse), cancellationToken),
            ImportKind.Responses => ResponseImport.RunAsync(parse.GetValue(file)!, parse.GetValue(survey), parse.GetValue(map), Settings.Storage(parse), cancellationToken),
            _ => RunAsync(parse.GetValue(kind), parse.GetValue(file)!, Settings.Storage(parse), new LocalFormats(parse.GetValue(dateFormat), parse.GetValue(decimalComma)), cancellationToken),
        });
        return command;
    }

    public sealed record Summary(long Rows, long Accepted, long Duplicates, List<(long Line, string Reason)> Rejected);

    public static async Task<int> RunAsync(ImportKind kind, FileInfo file, StorageLocation location, LocalFormats formats, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }

        await using var sink = await OpenSinkAsync(location);
        Summary summary = null!;
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (interactive)
        {
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {kind.ToString().ToLowerInvariant()}", maxValue: Math.Max(1, file.Length));
                    summary = await ImportAsync(kind, file, sink, bytes => task.Value = bytes, cancellationToken, formats);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            summary = await ImportAsync(kind, file, sink, _ => { }, cancellationToken, formats);
        }

        Print(summary);
        return summary.Accepted + summary.Duplicates > 0 || summary.Rows == 0 && summary.Rejected.Count == 0 ? 0 : 1;
    }

    internal static async Task<IIngestSink> OpenSinkAsync(StorageLocation location)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            Console.Error.WriteLine($"A server is running on this database; importing through {server.Url}.");
            return new HttpSink(server.Url, server.Key);
        }

        CairnStore store;
        try
        {
            store = CairnStore.Open(location);
        }
        catch (Exception e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{location} is in use by another process, and no running Cairn server was found for it to import through");
        }

        var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first : await store.EnsureWorkspaceAsync("default", Industry.Technology);
        return new StoreSink(store, workspace.Id, TimeProvider.System);
    }

    public static async Task<Summary> ImportAsync(ImportKind kind, FileInfo file, IIngestSink sink, Action<long> progress, CancellationToken cancellationToken, LocalFormats? formats = null)
    {
        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream, StrictUtf8.Encoding, detectEncodingFromByteOrderMarks: true);
        var rows = file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ImportRows.Csv(reader, kind, formats) : ImportRows.JsonLines(reader);

        var rejected = new List<(long, string)>();
        long total = 0, accepted = 0, duplicates = 0;
        var items = new List<JsonElement>(BatchSize);
        var lines = new List<long>(BatchSize);
        using var enumerator = rows.GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = enumerator.MoveNext();
            }
            catch (System.Text.DecoderFallbackException)
            {
                rejected.Add((total + 1, "the file is not valid UTF-8 here; the import stopped"));
                break;
            }

            if (more)
            {
                var row = enumerator.Current;
                total++;
                if (row.Item is { } item)
                {
                    items.Add(item);
                    lines.Add(row.Line);
                }
                else
                {
                    rejected.Add((row.Line, row.Error ?? "unreadable row"));
                }
            }

            if (items.Count == BatchSize || (!more && items.Count > 0))
            {
                var (a, d) = await SendAsync(kind, sink, items, lines, rejected, cancellationToken);
                accepted += a;
                duplicates += d;
                items.Clear();
                lines.Clear();
                progress(stream.Position);
            }

            if (!more)
            {
                break;
            }
        }

        rejected.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return new Summary(total, accepted, duplicates, rejected);
    }

    /// <summary>
    /// Sends a batch; the API refuses a batch whole when any item is bad, so the bad rows are
    /// recorded with their line numbers and the rest is sent again (ids make that safe).
    /// </summary>
    private static async Task<(long Accepted, long Duplicates)> SendAsync(
        ImportKind kind, IIngestSink sink, List<JsonElement> items, List<long> lines, List<(long, string)> rejected, CancellationToken cancellationToken)
    {
        var outcome = await sink.SendAsync(kind, items, cancellationToken);
        if (outcome.Rejected.Count == 0)
        {
            return (outcome.Accepted, outcome.Duplicates);
        }

        var bad = outcome.Rejected.GroupBy(e => e.Index).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => $"{e.Field} {e.Message}")));
        foreach (var (index, reason) in bad)
        {
            rejected.Add((lines[index], reason));
        }

        var good = items.Where((_, i) => !bad.ContainsKey(i)).ToList();
        var goodLines = lines.Where((_, i) => !bad.ContainsKey(i)).ToList();
        return good.Count == 0 ? (0, 0) : await SendAsync(kind, sink, good, goodLines, rejected, cancellationToken);
    }

    internal static void Print(Summary summary)
    {
        var table = new Table().AddColumns("rows read", "accepted", "already stored", "rejected");
        table.AddRow($"{summary.Rows:N0}", $"{summary.Accepted:N0}", $"{summary.Duplicates:N0}", $"{summary.Rejected.Count:N0}");
        AnsiConsole.Write(table);
        foreach (var (line, reason) in summary.Rejected.Take(ShownErrors))
        {
            Console.Error.WriteLine($"line {line}: {reason}");
        }

        if (summary.Rejected.Count > ShownErrors)
        {
            Console.Error.WriteLine($"... and {summary.Rejected.Count - ShownErrors} more rejected rows");
        }
    }
}
