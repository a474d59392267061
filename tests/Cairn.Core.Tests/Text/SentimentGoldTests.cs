using Cairn.Core.Text;
using Cairn.Testing;

namespace Cairn.Core.Tests.Text;

/// <summary>
/// Agreement with the human ratings published with the VADER paper. The reference model must
/// reproduce upstream VADER's figures (so the comparison is fair), and Cairn's model must
/// correlate better on every set.
/// </summary>
public sealed class SentimentGoldTests
{
    public static TheoryData<string, double> Sets => new()
    {
        { "tweets", 0.872 },
        { "movieReviewSnippets", 0.428 },
        { "amazonReviewSnippets", 0.590 },
        { "nytEditorialSnippets", 0.503 },
    };

    private static List<GoldText> Read(string set)
    {
        var (gold, problems) = SentimentEvaluation.Parse(File.ReadLines(TestData.Path("sentiment-gold-vader", set + "_GroundTruth.txt")));
        Assert.Empty(problems);
        return gold;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Reference_model_reproduces_upstream_VADER(string set, double upstream)
    {
        var result = SentimentEvaluation.Run(Read(set), new SentimentAnalyzer(SentimentModel.VaderReference));
        Assert.Equal(upstream, result.Pearson!.Value, 3);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Cairn_correlates_better_than_VADER(string set, double upstream)
    {
        var result = SentimentEvaluation.Run(Read(set), SentimentAnalyzer.Default);
        Assert.True(result.Pearson > upstream, $"{set}: Cairn r = {result.Pearson:F3}, VADER {upstream:F3}");
    }

    /// <summary>Table 4 of Hutto and Gilbert (2014): VADER's Pearson r as published.</summary>
    public static TheoryData<string, double> PaperFigures => new()
    {
        { "tweets", 0.881 },
        { "movieReviewSnippets", 0.451 },
        { "amazonReviewSnippets", 0.565 },
        { "nytEditorialSnippets", 0.492 },
    };

    [Theory]
    [MemberData(nameof(PaperFigures))]
    public void Cairn_correlates_better_than_the_VADER_paper(string set, double published)
    {
        var result = SentimentEvaluation.Run(Read(set), SentimentAnalyzer.Default);
        Assert.True(result.Pearson > published, $"{set}: Cairn r = {result.Pearson:F4}, paper {published:F3}");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Cairn_classifies_better_than_VADER(string set, double upstream)
    {
        _ = upstream;
        var gold = Read(set);
        var cairn = SentimentEvaluation.Run(gold, SentimentAnalyzer.Default);
        var vader = SentimentEvaluation.Run(gold, new SentimentAnalyzer(SentimentModel.VaderReference));
        Assert.True(cairn.MacroF1 > vader.MacroF1, $"{set}: Cairn macro-F1 = {cairn.MacroF1:F4}, VADER {vader.MacroF1:F4}");
    }

    [Fact]
    public void Scores_agree_in_sign_with_confident_human_ratings_on_tweets()
    {
        var gold = Read("tweets").Where(g => Math.Abs(g.Rating!.Value) >= 2).ToList();
        var agree = gold.Count(g => Math.Sign(SentimentAnalyzer.Default.Analyze(g.Text).Score) == Math.Sign(g.Rating!.Value));
        Assert.True(agree > 0.9 * gold.Count, $"{agree} of {gold.Count}");
    }

    [Fact]
    public void Parse_reports_unreadable_lines_by_number()
    {
        var (gold, problems) = SentimentEvaluation.Parse(["1\t2.5\tGreat", "positive\tLovely", "no tabs here", "x\tmaybe\tHmm"]);
        Assert.Equal(2, gold.Count);
        Assert.Equal(["line 3: expected tab-separated 'id, rating, text' or 'rating, text'", "line 4: 'maybe' is neither a number nor one of negative, neutral, positive"], problems);
    }
}
