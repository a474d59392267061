namespace Cairn.Core.Text;

/// <summary>Where a phrase of a taxonomy was found: the theme (or emotion) by position in the taxonomy and name, the words as written, their place.</summary>
public sealed record PhraseMatch(int Index, string Name, string Evidence, int Start, int Length);

/// <summary>
/// Finds a taxonomy's phrases in a text in one pass: the text is split into words, each word
/// stemmed once and looked up by its stem; only phrases starting with that stem are tried.
/// Each theme is reported once, with its first evidence.
/// </summary>
internal sealed class ThemeMatcher
{
    [ThreadStatic]
    private static ThemeMatcher? perThread;

    private char[] stems = new char[1024];
    private Word[] words = new Word[256];
    private int count;

    private struct Word
    {
        public int Start;
        public int Length;
        public int StemStart;
        public int StemLength;
        public bool Negates;
    }

    public static ThemeMatcher ForThisThread() => perThread ??= new ThemeMatcher();

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '\'' || c == '\u2019';

    private readonly int[] votes = new int[LanguageGuess.Languages];
    private int latinLetters;
    private int otherLetters;
    private string? otherScript;

    /// <summary>The language of the text last read (see <see cref="LanguageGuess"/>).</summary>
    public string Language => LanguageGuess.Decide(latinLetters, otherLetters, otherScript, votes);

    /// <summary>Splits the text into lower-cased, stemmed words, counting letters by script and function-word votes on the way.</summary>
    public void Read(ReadOnlySpan<char> text)
    {
        count = 0;
        latinLetters = otherLetters = 0;
        otherScript = null;
        Array.Clear(votes);
        var stemLength = 0;
        if (stems.Length < text.Length + 8)
        {
            stems = new char[text.Length + 8];
        }

        Span<char> lower = stackalloc char[64];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsWordChar(text[i]))
            {
                start = start < 0 ? i : start;
                if (LanguageGuess.IsLatinLetter(text[i]))
                {
                    latinLetters++;
                }
                else if (char.IsLetter(text[i]))
                {
                    otherLetters++;
                    otherScript ??= LanguageGuess.Script(text[i]);
                }

                continue;
            }

            if (start < 0)
            {
                continue;
            }

            var length = i - start;
            var word = text.Slice(start, length);
            start = -1;
            if (length > lower.Length)
            {
                // Longer than any phrase word: keep its place, never match it.
                Push(new Word { Start = i - length, Length = length, StemStart = stemLength, StemLength = 0 });
                continue;
            }

            word.ToLowerInvariant(lower);
            var lowered = lower[..length];
            LanguageGuess.Vote(lowered, votes);
            var n = Stemmer.Stem(lowered, stems.AsSpan(stemLength));
            Push(new Word
            {
                Start = i - length,
                Length = length,
                StemStart = stemLength,
                StemLength = n,
                Negates = lowered is "not" or "no" or "never" or "without" || lowered.EndsWith("n't") || lowered.EndsWith("n\u2019t"),
            });
            stemLength += n;
        }
    }

    /// <summary>
    /// Themes and emotions of the text last read in one pass: one lookup per word in an index
    /// that joins both taxonomies (emotions skip negated phrases: "not angry" is no anger).
    /// </summary>
    public (List<PhraseMatch> Themes, List<PhraseMatch> Emotions) MatchBoth(ReadOnlySpan<char> text, PhraseIndex index)
    {
        var themes = new List<PhraseMatch>();
        var emotions = new List<PhraseMatch>();
        ulong seenThemes = 0, seenEmotions = 0;
        HashSet<int>? moreThemes = null, moreEmotions = null;
        for (var i = 0; i < count; i++)
        {
            if (words[i].StemLength == 0 || !index.TryFirst(Stem(i), out var entry))
            {
                continue;
            }

            if (entry.Themes.Length > 0)
            {
                TryPhrases(text, i, entry.Themes, index.Themes, false, themes, ref seenThemes, ref moreThemes);
            }

            if (entry.Emotions.Length > 0)
            {
                TryPhrases(text, i, entry.Emotions, index.Emotions, true, emotions, ref seenEmotions, ref moreEmotions);
            }
        }

        return (themes, emotions);
    }

    private void TryPhrases(ReadOnlySpan<char> text, int i, ThemeTaxonomy.Phrase[] phrases, ThemeTaxonomy taxonomy, bool skipNegated, List<PhraseMatch> found, ref ulong seenSmall, ref HashSet<int>? seenLarge)
    {
        foreach (var phrase in phrases)
        {
            if (!Follows(i, phrase.Stems) || (skipNegated && Negated(i)) || !FirstTime(phrase.Theme, ref seenSmall, ref seenLarge))
            {
                continue;
            }

            var last = i + phrase.Stems.Length - 1;
            var start = words[i].Start;
            var length = words[last].Start + words[last].Length - start;
            found.Add(new PhraseMatch(phrase.Theme, taxonomy.Themes[phrase.Theme].Name, text.Slice(start, length).ToString(), start, length));
            return;
        }
    }

    private static bool FirstTime(int theme, ref ulong small, ref HashSet<int>? large)
    {
        if (theme < 64)
        {
            var bit = 1UL << theme;
            var first = (small & bit) == 0;
            small |= bit;
            return first;
        }

        large ??= [];
        return large.Add(theme);
    }

    private ReadOnlySpan<char> Stem(int i) => stems.AsSpan(words[i].StemStart, words[i].StemLength);

    private bool Follows(int i, string[] phraseStems)
    {
        if (i + phraseStems.Length > count)
        {
            return false;
        }

        for (var k = 1; k < phraseStems.Length; k++)
        {
            if (!Stem(i + k).SequenceEqual(phraseStems[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"not happy", "never angry", "wasn't confusing at all": a negator up to three words before.</summary>
    private bool Negated(int i)
    {
        for (var k = Math.Max(0, i - 3); k < i; k++)
        {
            if (words[k].Negates)
            {
                return true;
            }
        }

        return false;
    }

    private void Push(Word word)
    {
        if (count == words.Length)
        {
            Array.Resize(ref words, count * 2);
        }

        words[count++] = word;
    }
}
