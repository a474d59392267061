using System.Collections.Frozen;

namespace Cairn.Core.Text;

/// <summary>A theme as an analyst writes it: a name and the phrases that signal it, one per entry.</summary>
public sealed record ThemeDefinition(string Name, IReadOnlyList<string> Phrases);

/// <summary>
/// The themes of a workspace compiled for matching: every phrase becomes a sequence of word
/// stems, indexed by its first stem, so a text is matched in one pass whatever the number of
/// themes. Phrases match any common form of their words ("charge" finds "charged").
/// </summary>
public sealed class ThemeTaxonomy
{
    public const int MaxThemes = 200;
    public const int MaxPhrasesPerTheme = 300;
    public const int MaxWordsPerPhrase = 6;

    private readonly FrozenDictionary<string, Phrase[]> index;

    internal readonly record struct Phrase(string[] Stems, int Theme);

    private ThemeTaxonomy(IReadOnlyList<ThemeDefinition> themes, FrozenDictionary<string, Phrase[]> index)
    {
        Themes = themes;
        this.index = index;
    }

    public IReadOnlyList<ThemeDefinition> Themes { get; }

    /// <summary>The phrases by first stem, for indexes that join taxonomies (see <see cref="PhraseIndex"/>).</summary>
    internal FrozenDictionary<string, Phrase[]> ByFirstStem => index;

    /// <summary>Checks an analyst's themes: names present and unique, phrases present and short enough.</summary>
    public static List<string> Validate(IReadOnlyList<ThemeDefinition> themes)
    {
        ArgumentNullException.ThrowIfNull(themes);
        var problems = new List<string>();
        if (themes.Count > MaxThemes)
        {
            problems.Add($"at most {MaxThemes} themes, got {themes.Count}");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var theme in themes)
        {
            if (string.IsNullOrWhiteSpace(theme.Name) || theme.Name.Length > 80)
            {
                problems.Add("every theme needs a name of 1 to 80 characters");
                continue;
            }

            if (!names.Add(theme.Name.Trim()))
            {
                problems.Add($"theme '{theme.Name}' appears twice");
            }

            var phrases = theme.Phrases ?? [];
            if (phrases.Count == 0 || phrases.Count > MaxPhrasesPerTheme)
            {
                problems.Add($"theme '{theme.Name}' needs 1 to {MaxPhrasesPerTheme} phrases");
            }

            foreach (var phrase in phrases)
            {
                var words = Words(phrase);
                if (words.Count is 0 or > MaxWordsPerPhrase)
                {
                    problems.Add($"theme '{theme.Name}': phrase '{phrase}' needs 1 to {MaxWordsPerPhrase} words of letters or digits");
                }
            }
        }

        return problems;
    }

    public static ThemeTaxonomy Compile(IReadOnlyList<ThemeDefinition> themes)
    {
        var problems = Validate(themes);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(themes));
        }

        var index = new Dictionary<string, List<Phrase>>(StringComparer.Ordinal);
        for (var t = 0; t < themes.Count; t++)
        {
            foreach (var phrase in themes[t].Phrases)
            {
                var stems = Words(phrase).Select(Stemmer.Stem).ToArray();
                if (!index.TryGetValue(stems[0], out var list))
                {
                    index[stems[0]] = list = [];
                }

                if (!list.Any(p => p.Theme == t && p.Stems.AsSpan().SequenceEqual(stems)))
                {
                    list.Add(new Phrase(stems, t));
                }
            }
        }

        // Longer phrases first, so "on hold" is tried before "hold".
        return new ThemeTaxonomy(themes, index.ToFrozenDictionary(p => p.Key, p => p.Value.OrderByDescending(x => x.Stems.Length).ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The words of a phrase the way texts are split: runs of letters, digits and apostrophes.</summary>
    public static List<string> Words(string? phrase)
    {
        var words = new List<string>();
        if (phrase is null)
        {
            return words;
        }

        var start = -1;
        for (var i = 0; i <= phrase.Length; i++)
        {
            if (i < phrase.Length && ThemeMatcher.IsWordChar(phrase[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                words.Add(phrase[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    public static ThemeTaxonomy Default { get; } = Compile(DefaultThemes.All);
}
