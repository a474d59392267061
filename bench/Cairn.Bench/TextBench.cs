using System.Diagnostics;
using System.Text.Json;
using Cairn.Core.Text;
using Cairn.Testing;

namespace Cairn.Bench;

/// <summary>
/// Text analytics speed and accuracy: sentiment + themes + emotions + language on short comments
/// (the 23,703 texts of the VADER gold sets) per core, next to the JavaScript VADER port (npm
/// vader-sentiment, run with node on the same file, same machine); a hostile 1 MB comment; and
/// Pearson r on each gold set for Cairn, the VADER rules as Cairn runs them, and the JS port.
/// </summary>
internal static class TextBench
{
    private static readonly string[] Sets = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"];

    public static void Run(TempDirectory directory, bool quick)
    {
        var seconds = quick ? 2 : 5;
        var texts = Sets.SelectMany(s => File.ReadLines(Gold(s)).Select(l => l.Split('\t', 3)[2])).ToArray();
        var corpus = directory.File("comments.txt");
        File.WriteAllLines(corpus, texts);
        Console.WriteLine($"text: {texts.Length:N0} comments, {texts.Average(t => t.Length):N0} characters on average");

        var full = PerSecond(seconds, texts, t => TextAnalyzer.Default.Analyze(t));
        var sentimentOnly = PerSecond(seconds, texts, t => SentimentAnalyzer.Default.Analyze(t));
        var allCores = AllCores(seconds, texts);
        var node = Node(corpus, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), gold: false);

        var hostile = Hostile();
        var timings = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var clock = Stopwatch.StartNew();
            TextAnalyzer.Default.Analyze(hostile);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        var uncapped = Stopwatch.StartNew();
        SentimentAnalyzer.Default.Analyze(hostile); // no cap here: shows the rules are linear in the length
        var uncappedMs = uncapped.Elapsed.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"{"text figure",-62} {"value",16}");
        Line("Cairn sentiment+themes+emotions+language, 1 core", $"{full:N0}/s");
        Line("Cairn sentiment only, 1 core", $"{sentimentOnly:N0}/s");
        Line($"Cairn full analysis, all {Environment.ProcessorCount} cores", $"{allCores:N0}/s");
        Line("JavaScript VADER (npm vader-sentiment 1.1.3, node), sentiment only", node is { } n ? $"{n.PerSecond:N0}/s" : "node missing");
        Line("ratio: Cairn full analysis ÷ JS VADER sentiment", node is { } m ? $"{full / m.PerSecond:N1}×" : "-");
        Line($"hostile comment of {hostile.Length:N0} characters, median / worst of 21", $"{timings[10]:N1} / {timings[^1]:N1} ms");
        Line("the same, sentiment of every character (no 20,000 cap)", $"{uncappedMs:N1} ms");

        Console.WriteLine();
        Console.WriteLine($"{"Pearson r with human ratings",-30} {"Cairn",8} {"VADER rules",12} {"JS VADER",9} {"upstream",9} {"paper",7}");
        (double Paper, double Upstream)[] published = [(0.881, 0.872), (0.451, 0.428), (0.565, 0.590), (0.492, 0.503)];
        for (var i = 0; i < Sets.Length; i++)
        {
            var (gold, _) = SentimentEvaluation.Parse(File.ReadLines(Gold(Sets[i])));
            var cairn = SentimentEvaluation.Run(gold, SentimentAnalyzer.Default).Pearson;
            var vader = SentimentEvaluation.Run(gold, new SentimentAnalyzer(SentimentModel.VaderReference)).Pearson;
            var js = Node(Gold(Sets[i]), "0.3", gold: true)?.Pearson;
            Console.WriteLine($"{Sets[i],-30} {cairn,8:0.000} {vader,12:0.000} {(js is { } j ? j.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-"),9} {published[i].Upstream,9:0.000} {published[i].Paper,7:0.000}");
        }

        Console.WriteLine();
    }

    private static void Line(string figure, string value) => Console.WriteLine($"{figure,-62} {value,16}");

    private static string Gold(string set) => TestData.Path("sentiment-gold-vader", set + "_GroundTruth.txt");

    private static double PerSecond(int seconds, string[] texts, Action<string> analyse)
    {
        foreach (var t in texts)
        {
            analyse(t); // warm-up: JIT and per-thread buffers
        }

        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var t in texts)
            {
                analyse(t);
            }

            n += texts.Length;
        }

        return n / clock.Elapsed.TotalSeconds;
    }

    private static double AllCores(int seconds, string[] texts)
    {
        var clock = Stopwatch.StartNew();
        long n = 0;
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            long mine = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                foreach (var t in texts)
                {
                    TextAnalyzer.Default.Analyze(t);
                }

                mine += texts.Length;
            }

            Interlocked.Add(ref n, mine);
        });
        return n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>About 1 MB of what breaks naive text code: long words, emoji, markup, negations, no spaces, stray surrogates.</summary>
    private static string Hostile()
    {
        var random = new Random(7);
        string[] parts = ["not", "very", "good", "BAD", "but", "!!!", "???", "😠", "😁", "<script>alert(1)</script>", "\uD83D", "no", "least", "kind of",
            new string('a', 5_000), "soooooooooooooooo", "on hold", "bill", "\u0000", "ﬁ", "İ", "never so", "without doubt"];
        var builder = new System.Text.StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append(parts[random.Next(parts.Length)]).Append(random.Next(4) == 0 ? "" : " ");
        }

        return builder.ToString();
    }

    private static (double PerSecond, double? Pearson)? Node(string file, string seconds, bool gold)
    {
        var script = Path.Combine(RepositoryFolder(), "bench", "vader-js");
        if (!Directory.Exists(Path.Combine(script, "node_modules")))
        {
            RunProcess("npm", ["ci", "--no-audit", "--no-fund"], script);
        }

        string[] args = gold ? ["run.js", file, seconds, "gold"] : ["run.js", file, seconds];
        var output = RunProcess("node", args, script);
        if (output is null)
        {
            return null;
        }

        var json = JsonDocument.Parse(output).RootElement;
        return (json.GetProperty("commentsPerSecond").GetDouble(), json.TryGetProperty("pearson", out var r) ? r.GetDouble() : null);
    }

    private static string? RunProcess(string file, string[] args, string folder)
    {
        try
        {
            var info = new ProcessStartInfo(file, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim().Split('\n')[^1] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // node or npm is not installed
        }
    }

    private static string RepositoryFolder() => Path.GetFullPath(Path.Combine(TestData.Path(), "..", ".."));
}
