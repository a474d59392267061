namespace Cairn.Core.Text;

/// <summary>A theme found in a text: its evidence (the words as written), where it sits, and the sentiment of its sentence.</summary>
public sealed record ThemeFound(int Index, string Name, string Evidence, int Start, int Length, double Sentiment);

/// <summary>
/// Everything Cairn reads from one text. <see cref="Sentiment"/> is null when the language is
/// not one Cairn analyses (it says so rather than guess); <see cref="Truncated"/> says only
/// the first <see cref="TextAnalyzer.MaxAnalysedChars"/> characters were read.
/// </summary>
public sealed record TextAnalysis(
    string Language,
    bool Supported,
    bool Truncated,
    int AnalysedLength,
    SentimentResult? Sentiment,
    IReadOnlyList<ThemeFound> Themes,
    IReadOnlyList<PhraseMatch> Emotions)
{
    public string SentimentLabel => Sentiment?.Label ?? "unsupported";
}
