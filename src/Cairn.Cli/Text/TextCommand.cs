using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cairn.Core.Text;
using Cairn.Web.Text;
using Spectre.Console;

namespace Cairn.Cli.Text;

/// <summary>
/// <c>cairn text analyze "some text" …</c> (or lines from --file or standard input): sentiment,
/// emotions and themes with Cairn's default taxonomy, offline. The JSON is the API's shape.
/// </summary>
public static class TextCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("texts") { Description = "Texts to analyse; none reads one text per line from --file or standard input", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<FileInfo?>("--file") { Description = "Read one text per line from this file" };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON ({\"results\": [...]})" };
        var analyze = new Command("analyze", "Sentiment, emotions and themes of texts, offline, with the default CX taxonomy.") { texts, file, json };
        analyze.SetAction(parse =>
        {
            var input = Read(parse.GetValue(texts) ?? [], parse.GetValue(file));
            var results = input.Select(t => AnalysisResponse.Of(TextAnalyzer.Default.Analyze(t), t.Length)).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new AnalyzeResponse(results), JsonSerializerOptions.Web));
                return 0;
            }

            var table = new Table().AddColumn("text").AddColumn("sentiment").AddColumn("themes").AddColumn("emotions");
            for (var i = 0; i < input.Count; i++)
            {
                var r = results[i];
                var sentiment = r.Sentiment.Score is { } score ? string.Create(CultureInfo.InvariantCulture, $"{r.Sentiment.Label} {score:+0.00;-0.00}{(r.Sentiment.Mixed ? ", mixed" : "")}") : r.Sentiment.Label;
                table.AddRow(
                    Markup.Escape(input[i].Length > 80 ? input[i][..80] + "…" : input[i]),
                    Markup.Escape(sentiment),
                    Markup.Escape(string.Join("; ", r.Themes.Select(t => $"{t.Name} (\"{t.Evidence}\")"))),
                    Markup.Escape(string.Join(", ", r.Emotions.Select(e => e.Name))));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("text", "Text analytics.") { analyze };
    }

    private static List<string> Read(string[] texts, FileInfo? file)
    {
        if (texts.Length > 0)
        {
            return [.. texts];
        }

        if (file is not null && !file.Exists)
        {
            throw new UsageException($"{file.FullName} does not exist");
        }

        using var reader = file is null ? Console.In : new StreamReader(file.FullName);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines.Count > 0 ? lines : throw new UsageException("no text given: pass texts as arguments, --file FILE, or lines on standard input");
    }
}
