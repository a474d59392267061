using System.Text.Json;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary><c>cairn eval sentiment</c> and <c>cairn text analyze</c> run as real processes.</summary>
public sealed class TextCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task EvalSentiment_OnTheVaderTweets_PrintsCairnNextToVaderAndThePublishedFigures()
    {
        var (exit, output, _) = await CairnProcess.RunAsync(["eval", "sentiment", TestData.Path("sentiment-gold-vader", "tweets_GroundTruth.txt"), "--json"]);

        Assert.Equal(0, exit);
        var body = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4200, body.GetProperty("n").GetInt32());
        var cairn = body.GetProperty("cairn").GetProperty("pearson").GetDouble();
        var vader = body.GetProperty("vader").GetProperty("pearson").GetDouble();
        Assert.Equal(0.872, vader, 3);
        Assert.True(cairn > vader, $"Cairn {cairn:F3} vs VADER {vader:F3}");
        Assert.Equal(0.881, body.GetProperty("published").GetProperty("paperPearson").GetDouble());
        Assert.InRange(body.GetProperty("cairn").GetProperty("macroF1").GetDouble(), 0.6, 1);
    }

    [Fact]
    public async Task EvalSentiment_UnreadableFile_IsOneLineAndExitCode1()
    {
        var file = _directory.File("bad.tsv");
        await File.WriteAllLinesAsync(file, ["1\t2.0\tfine", "no tabs at all"]);

        var (exit, output, error) = await CairnProcess.RunAsync(["eval", "sentiment", file]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("cairn: bad.tsv: 1 unreadable line(s), first line 2: expected tab-separated 'id, rating, text' or 'rating, text'", error.Trim());
    }

    [Fact]
    public async Task TextAnalyze_ReadsStandardInput_AndPrintsTheApiShape()
    {
        var (exit, output, _) = await CairnProcess.RunAsync(["text", "analyze", "--json"], "The courier lost my parcel.\nBrilliant support, thanks!\n");

        Assert.Equal(0, exit);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("negative", results[0].GetProperty("sentiment").GetProperty("label").GetString());
        Assert.Equal("Delivery", results[0].GetProperty("themes")[0].GetProperty("name").GetString());
        Assert.Equal("positive", results[1].GetProperty("sentiment").GetProperty("label").GetString());
        Assert.Contains(results[1].GetProperty("emotions").EnumerateArray(), e => e.GetProperty("name").GetString() == "delight");
    }
}
