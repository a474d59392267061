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
