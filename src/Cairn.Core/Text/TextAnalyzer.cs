namespace Cairn.Core.Text;

/// <summary>
/// Language, sentiment (overall and per sentence), themes with evidence and per-theme
/// sentiment, and emotions for one text, offline and in time linear in its length. Texts
/// longer than <see cref="MaxAnalysedChars"/> are read up to that point and flagged.
/// Safe to share between threads (scratch buffers are per thread).
/// </summary>
public sealed class TextAnalyzer(ThemeTaxonomy themes, SentimentAnalyzer? sentiment = null)
{
    /// <summary>About four pages: longer comments are analysed by their head and say so.</summary>
    public const int MaxAnalysedChars = 20_000;

    public static TextAnalyzer Default { get; } = new(ThemeTaxonomy.Default);

    public ThemeTaxonomy Themes { get; } = themes;

    private readonly PhraseIndex phrases = new(themes, Emotions.Taxonomy);

    private readonly SentimentAnalyzer sentiment = sentiment ?? SentimentAnalyzer.Default;

    public TextAnalysis Analyze(string? text)
    {
        var span = (text ?? "").AsSpan();
        var truncated = span.Length > MaxAnalysedChars;
        if (truncated)
        {
            span = Head(span);
        }

        var matcher = ThemeMatcher.ForThisThread();
        matcher.Read(span);
        var language = matcher.Language;
        if (language != LanguageGuess.English)
        {
            return new TextAnalysis(language, false, truncated, span.Length, null, [], []);
        }

        var result = sentiment.Analyze(span);
        var (themeMatches, emotions) = matcher.MatchBoth(span, phrases);
        var found = new List<ThemeFound>(themeMatches.Count);
        foreach (var m in themeMatches)
        {
            found.Add(new ThemeFound(m.Index, m.Name, m.Evidence, m.Start, m.Length, SentenceScore(result, m.Start)));
        }

        return new TextAnalysis(language, true, truncated, span.Length, result, found, emotions);
    }

    /// <summary>The first <see cref="MaxAnalysedChars"/> characters, cut at a space if one is near and never inside a surrogate pair.</summary>
    private static ReadOnlySpan<char> Head(ReadOnlySpan<char> text)
    {
        var cut = MaxAnalysedChars;
        var space = text[..cut].LastIndexOfAny(' ', '\n', '\t');
        if (space > cut - 200)
        {
            cut = space;
        }
        else if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut];
    }

    private static double SentenceScore(SentimentResult result, int position)
    {
        foreach (var s in result.Sentences)
        {
            if (position >= s.Start && position < s.Start + s.Length)
            {
                return s.Score;
            }
        }

        return result.Score;
    }
}
