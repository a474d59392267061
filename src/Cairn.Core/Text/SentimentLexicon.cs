using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Cairn.Core.Text;

/// <summary>What a lower-cased word means to the sentiment rules: one lookup answers all of it.</summary>
[Flags]
internal enum WordRole : byte
{
    None = 0,
    Rated = 1,
    Booster = 2,
    Negator = 4,
    Intensifier = 8,
}

/// <summary>A word's valence (−4..+4, from human ratings), its booster weight and whether it negates.</summary>
internal readonly record struct WordInfo(float Valence, float Booster, WordRole Role)
{
    public bool IsRated => (Role & WordRole.Rated) != 0;
    public bool IsBooster => (Role & WordRole.Booster) != 0;
    public bool IsNegator => (Role & WordRole.Negator) != 0;
    public bool IsIntensifier => (Role & WordRole.Intensifier) != 0;
}

/// <summary>
/// The VADER lexicon (MIT, shipped with its notice) plus Cairn's CX words, AFINN-165's
/// remaining words (MIT, notice alongside) and Pattern's subjective review adjectives (public
/// domain, PDDL), the booster and
/// negation lists and the emoji names, loaded once from embedded resources. Lookups take a
/// span so tokenising allocates nothing per word.
/// </summary>
internal sealed class SentimentLexicon
{
    private const float Increase = 0.293f;
    private const float Decrease = -0.293f;

    // Declared before the instances below: static fields initialise in textual order.
    private static readonly string[] Negators =
        "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite".Split(' ');

    // Kept because each set of the VADER gold data agreed better with them (docs/user-guide.md).
    private static readonly string[] Intensifiers = "super pretty terribly insanely ridiculously crazy seriously damn freaking bloody real mighty truly".Split(' ');

    public static SentimentLexicon Default { get; } = Load(extraWords: true);

    /// <summary>The lexicon exactly as VADER ships it, for the reference model the evaluation compares with.</summary>
    public static SentimentLexicon Vader { get; } = Load(extraWords: false);

    private readonly FrozenDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> words;
    private readonly FrozenDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> capitalised;
    private readonly FrozenDictionary<int, string> emoji;

    private SentimentLexicon(FrozenDictionary<string, WordInfo> words, FrozenDictionary<string, WordInfo> capitalised, FrozenDictionary<int, string> emoji)
    {
        this.words = words.GetAlternateLookup<ReadOnlySpan<char>>();
        this.capitalised = capitalised.GetAlternateLookup<ReadOnlySpan<char>>();
        this.emoji = emoji;
        Count = words.Count;
    }

    public int Count { get; }

    public WordInfo Lookup(ReadOnlySpan<char> lowerWord) =>
        words.TryGetValue(lowerWord, out var info) ? info : default;

    /// <summary>
    /// The meaning of an emoticon written in capitals where it differs from the lower-case one
    /// ("D:" is horror, "d:" a tongue out).
    /// </summary>
    public bool TryLookupCapitalised(ReadOnlySpan<char> lowerWord, out WordInfo info) => capitalised.TryGetValue(lowerWord, out info);

    /// <summary>The emoji's name in words ("smiling face with heart-eyes"), or null.</summary>
    public string? EmojiName(int codePoint) => emoji.GetValueOrDefault(codePoint);

    private static SentimentLexicon Load(bool extraWords)
    {
        var table = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        var capitalised = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        foreach (var (word, valence) in ReadRatings("vader_lexicon.txt"))
        {
            // VADER's file is lower-cased, and the emoticons at its head were written in capitals:
            // an emoticon rated twice was rated first as capitals ("D:", horror), then as lower case
            // ("d:", a tongue out). VADER keeps the second; Cairn reads the case. Words rated twice
            // ("LOL", "lol") keep the second: the raters' capitals overstate the word in a sentence.
            if (extraWords && table.TryGetValue(word, out var first) && !capitalised.ContainsKey(word) && !word.All(char.IsLetter))
            {
                capitalised[word] = first;
            }

            table[word] = new WordInfo(valence, 0, WordRole.Rated);
        }

        if (extraWords)
        {
            foreach (var (word, valence) in ReadRatings("cairn_cx_lexicon.txt"))
            {
                table.TryAdd(word, new WordInfo(valence, 0, WordRole.Rated));
            }

            // Words VADER rates that, in what customers write about service, mostly name a
            // department ("tech support never answers"): rated there, they lend a complaint praise.
            foreach (var (word, _) in ReadRatings("cairn_cx_overrides.txt"))
            {
                table.Remove(word);
            }

            foreach (var (word, valence) in ReadRatings("afinn165_extra.txt"))
            {
                table.TryAdd(word, new WordInfo(valence * SentimentModel.AfinnWeight, 0, WordRole.Rated));
            }

            // Pattern's review adjectives rate −1..+1; taken at face value on VADER's −4..+4 they
            // count a quarter of their reach, below every human-rated word.
            foreach (var (word, valence) in ReadRatings("pattern_extra.txt"))
            {
                table.TryAdd(word, new WordInfo(valence, 0, WordRole.Rated));
            }
        }

        foreach (var (word, weight) in Boosters())
        {
            var existing = table.GetValueOrDefault(word);
            table[word] = existing with { Booster = weight, Role = existing.Role | WordRole.Booster };
        }

        if (extraWords)
        {
            // Rated words that, right before another rated word, only say how much: "super
            // stupid" is very stupid, not praise; "terribly kind" is very kind.
            foreach (var word in Intensifiers)
            {
                var existing = table.GetValueOrDefault(word);
                table[word] = existing with { Booster = Increase, Role = existing.Role | WordRole.Intensifier };
            }
        }

        foreach (var word in Negators)
        {
            var existing = table.GetValueOrDefault(word);
            table[word] = existing with { Role = existing.Role | WordRole.Negator };
        }

        var emoji = new Dictionary<int, string>();
        foreach (var line in ReadLines("emoji_utf8_lexicon.txt"))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            // Only single-code-point emoji: the text is scanned code point by code point.
            if (tab > 0 && Rune.DecodeFromUtf16(line.AsSpan(0, tab), out var rune, out var used) == System.Buffers.OperationStatus.Done && used == tab)
            {
                emoji[rune.Value] = line[(tab + 1)..].Trim();
            }
        }

        return new SentimentLexicon(table.ToFrozenDictionary(StringComparer.Ordinal), capitalised.ToFrozenDictionary(StringComparer.Ordinal), emoji.ToFrozenDictionary());
    }

    private static IEnumerable<(string Word, float Valence)> ReadRatings(string name)
    {
        foreach (var line in ReadLines(name))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2 && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
            {
                yield return (parts[0], valence);
            }
        }
    }

    private static IEnumerable<string> ReadLines(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Cairn.Core.Text.Lexicon.{name}")
            ?? throw new InvalidOperationException($"The embedded lexicon {name} is missing from Cairn.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    // Degree adverbs: the intensity steps are VADER's empirically derived ones.
    private static IEnumerable<(string, float)> Boosters()
    {
        foreach (var w in "absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible incredibly intensely major majorly more most particularly purely quite really remarkably so substantially thoroughly total totally tremendous tremendously uber unbelievably unusually utter utterly very".Split(' '))
        {
            yield return (w, Increase);
        }

        foreach (var w in "almost barely hardly kinda kindof kind-of less little marginal marginally occasional occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of".Split(' '))
        {
            yield return (w, Decrease);
        }
    }
}
