namespace Cairn.Core.Text;

/// <summary>
/// Sentiment of a text: a score in −1..+1, its label, and each sentence's score so a comment
/// that praises one thing and damns another reads as mixed rather than as a bland average.
/// </summary>
public sealed record SentimentResult(double Score, string Label, bool Mixed, IReadOnlyList<SentenceSentiment> Sentences)
{
    /// <summary>VADER's customary cut-off: |score| below it is neutral.</summary>
    public const double NeutralBand = 0.05;

    /// <summary>A sentence's share of the mixed verdict: at least this strong either way.</summary>
    public const double MixedStrength = 0.25;

    public static SentimentResult Empty { get; } = new(0, "neutral", false, []);

    public static string LabelOf(double score) =>
        score >= NeutralBand ? "positive" : score <= -NeutralBand ? "negative" : "neutral";
}

/// <summary>One sentence: where it sits in the analysed text and its score in −1..+1.</summary>
public readonly record struct SentenceSentiment(int Start, int Length, double Score);
