using Cairn.Core.Text;
using CsCheck;

namespace Cairn.Core.Tests.Text;

/// <summary>Any input at all gets a score in range and sentence spans inside the text.</summary>
public sealed class HostileTextTests
{
    [Fact]
    public void Any_string_scores_within_range_with_spans_inside_the_text()
    {
        Gen.String[Gen.Char, 0, 400].Sample(text =>
        {
            var result = SentimentAnalyzer.Default.Analyze(text);
            Assert.InRange(result.Score, -1, 1);
            Assert.Contains(result.Label, SentimentEvaluation.Classes);
            foreach (var s in result.Sentences)
            {
                Assert.InRange(s.Start, 0, text.Length);
                Assert.InRange(s.Start + s.Length, s.Start, text.Length);
                Assert.InRange(s.Score, -1, 1);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Word_soup_with_emoji_and_markup_scores_within_range()
    {
        string[] vocabulary = ["not", "very", "good", "bad", "but", "no", "least", "at", "kind", "of", "LOVE", "hate", "!!!", "??", ":)", "😁", "😠", "<b>", "</script>", "\n", "the", "bomb", "never", "so", "without", "doubt", "sooooo"];
        var words = Gen.Int[0, vocabulary.Length - 1].Select(i => vocabulary[i]);
        Gen.Select(words.Array[0, 60], w => string.Join(' ', w)).Sample(text =>
        {
            var result = SentimentAnalyzer.Default.Analyze(text);
            Assert.InRange(result.Score, -1, 1);
        }, iter: 3000);
    }

    [Fact]
    public void Binary_garbage_and_lone_surrogates_do_not_throw()
    {
        var garbage = new string([.. Enumerable.Range(0, 5000).Select(i => (char)((i * 7919) % 65536))]);
        var result = SentimentAnalyzer.Default.Analyze(garbage + "\uD83D" + "good \uDE00");
        Assert.InRange(result.Score, -1, 1);
    }
}
