using System.Collections.Frozen;

namespace Cairn.Core.Text;

/// <summary>
/// A workspace's themes and the emotion phrases joined by first stem, so matching a text costs
/// one lookup per word however many taxonomies it is matched against.
/// </summary>
internal sealed class PhraseIndex
{
    private readonly FrozenDictionary<string, (ThemeTaxonomy.Phrase[] Themes, ThemeTaxonomy.Phrase[] Emotions)>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public PhraseIndex(ThemeTaxonomy themes, ThemeTaxonomy emotions)
    {
        Themes = themes;
        Emotions = emotions;
        var joined = new Dictionary<string, (ThemeTaxonomy.Phrase[], ThemeTaxonomy.Phrase[])>(StringComparer.Ordinal);
        foreach (var stem in themes.ByFirstStem.Keys.Union(emotions.ByFirstStem.Keys))
        {
            joined[stem] = (themes.ByFirstStem.GetValueOrDefault(stem) ?? [], emotions.ByFirstStem.GetValueOrDefault(stem) ?? []);
        }

        lookup = joined.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public ThemeTaxonomy Themes { get; }

    public ThemeTaxonomy Emotions { get; }

    public bool TryFirst(ReadOnlySpan<char> stem, out (ThemeTaxonomy.Phrase[] Themes, ThemeTaxonomy.Phrase[] Emotions) entry) => lookup.TryGetValue(stem, out entry);
}
