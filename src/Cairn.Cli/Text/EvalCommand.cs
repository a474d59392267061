using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cairn.Core.Text;
using Spectre.Console;

namespace Cairn.Cli.Text;

/// <summary>
/// <c>cairn eval sentiment FILE</c>: how well Cairn's sentiment agrees with human judgement on a
/// labelled file, printed next to the VADER rules it started from (run here on the same file)
/// and, for the VADER paper's own gold sets, the figures the paper and upstream VADER report.
/// </summary>
public static class EvalCommand
{
    /// <summary>Pearson r published for the VADER gold sets: the paper (2014) and upstream VADER run today.</summary>
    private static readonly Dictionary<string, (double Paper, double Upstream)> Published = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tweets"] = (0.881, 0.872),
        ["movieReviewSnippets"] = (0.451, 0.428),
        ["amazonReviewSnippets"] = (0.565, 0.590),
        ["nytEditorialSnippets"] = (0.492, 0.503),
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Tab-separated lines: 'id, rating, text' (the VADER gold sets) or 'rating-or-label, text'" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var sentiment = new Command("sentiment", "Score Cairn's sentiment against a human-labelled file: Pearson r, accuracy and macro-F1, next to VADER's.") { file, json };
        sentiment.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json)));
        return new Command("eval", "Evaluate Cairn's models against labelled data.") { sentiment };
    }

    private static int Run(FileInfo file, bool json)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file.FullName} does not exist");
        }

        var (gold, problems) = SentimentEvaluation.Parse(File.ReadLines(file.FullName));
        if (problems.Count > 0)
        {
            throw new UsageException($"{file.Name}: {problems.Count} unreadable line(s), first {problems[0]}");
        }

        if (gold.Count == 0)
        {
            throw new UsageException($"{file.Name} holds no labelled texts");
        }

        var cairn = SentimentEvaluation.Run(gold, SentimentAnalyzer.Default);
        var vader = SentimentEvaluation.Run(gold, new SentimentAnalyzer(SentimentModel.VaderReference));
        var set = Published.Keys.FirstOrDefault(k => file.Name.StartsWith(k, StringComparison.OrdinalIgnoreCase));
        (double Paper, double Upstream)? published = set is null ? null : Published[set];
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { file = file.Name, n = gold.Count, cairn, vader, published = published is { } p ? new { paperPearson = p.Paper, upstreamPearson = p.Upstream } : null }, JsonSerializerOptions.Web));
            return 0;
        }

        var table = new Table().AddColumn("model").AddColumn(new TableColumn("Pearson r").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned())
            .AddColumn(new TableColumn("macro-F1").RightAligned()).AddColumn(new TableColumn("F1 neg / neu / pos").RightAligned());
        table.AddRow(Row("Cairn", cairn));
        table.AddRow(Row("VADER rules (run here)", vader));
        if (published is { } pub)
        {
            table.AddRow("VADER paper, 2014 (published)", F(pub.Paper), "", "", "");
            table.AddRow("VADER upstream today (published)", F(pub.Upstream), "", "", "");
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(file.Name)}[/]: {gold.Count:N0} texts. A rating within 1/8 of the scale's reach of 0 counts as neutral; a score within ±{SentimentResult.NeutralBand} as neutral.");
        AnsiConsole.Write(table);
        return 0;
    }

    private static string[] Row(string name, SentimentEvaluation e) =>
    [
        name, e.Pearson is { } r ? F(r) : "n/a", F(e.Accuracy), F(e.MacroF1),
        string.Join(" / ", SentimentEvaluation.Classes.Select(c => F(e.F1ByClass[c]))),
    ];

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
