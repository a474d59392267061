using System.Collections.Frozen;

namespace Cairn.Core.Text;

/// <summary>
/// Which language a comment is in, cheaply enough to run on every comment at ingestion:
/// the script of its letters first (Cyrillic, Arabic, Han… are not English), then, for Latin
/// script, counts of the commonest function words of English and six other European
/// languages. Latin text with no evidence either way (short comments like "Great service!")
/// is taken as English; another language wins only with more hits and at least two.
/// </summary>
public static class LanguageGuess
{
    public const string English = "en";

    private static readonly (string Code, string Words)[] FunctionWords =
    [
        ("en", "the and is was to of it i you my for not with this that have are they but very on in be at so we had"),
        ("es", "el los las y es muy pero que con por para mi una fue está estaba servicio nada todo cuando porque también"),
        ("fr", "le les et est très mais que avec pour mon une je il c'est pas ne nous vous été était service tout"),
        ("de", "der die das und ist sehr aber nicht mit für ich mein ein eine war zu auf sich auch wir nur noch"),
        ("pt", "o os e é muito mas que com não por para meu uma um foi está nada quando também você"),
        ("it", "il lo gli e è molto ma che di non con per mio una era sono questo anche ho"),
        ("nl", "de het en is zeer maar niet met voor ik mijn een was erg wij ook dat"),
    ];

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Votes = BuildVotes();

    private static FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildVotes()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var l = 0; l < FunctionWords.Length; l++)
        {
            foreach (var word in FunctionWords[l].Words.Split(' '))
            {
                table[word] = table.GetValueOrDefault(word) | (1 << l);
            }
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    internal static int Languages => FunctionWords.Length;

    /// <summary>An ISO 639-1 code, "und" when there are no letters at all.</summary>
    public static string Guess(ReadOnlySpan<char> text)
    {
        var reader = ThemeMatcher.ForThisThread();
        reader.Read(text);
        return reader.Language;
    }

    internal static bool IsLatinLetter(char c) => c < 0x0250 ? char.IsLetter(c) : c is >= '\u1E00' and < '\u1F00';

    /// <summary>Counts a lower-cased word towards each language whose function words include it.</summary>
    internal static void Vote(ReadOnlySpan<char> lowerWord, Span<int> hits)
    {
        if (lowerWord.Length <= 7 && Votes.TryGetValue(lowerWord, out var mask))
        {
            for (var l = 0; l < hits.Length; l++)
            {
                hits[l] += (mask >> l) & 1;
            }
        }
    }

    internal static string Decide(int latin, int other, string? otherScript, ReadOnlySpan<int> hits)
    {
        if (latin + other == 0)
        {
            return "und";
        }

        if (other > latin)
        {
            return otherScript ?? "und";
        }

        var best = 0;
        for (var l = 1; l < hits.Length; l++)
        {
            if (hits[l] > hits[best])
            {
                best = l;
            }
        }

        return best != 0 && hits[best] >= 2 && hits[best] > hits[0] ? FunctionWords[best].Code : English;
    }

    internal static string Script(char c) => c switch
    {
        >= '\u0400' and < '\u0530' => "ru",
        >= '\u0370' and < '\u0400' => "el",
        >= '\u0590' and < '\u0600' => "he",
        >= '\u0600' and < '\u0700' => "ar",
        >= '\u0900' and < '\u0980' => "hi",
        >= '\u0E00' and < '\u0E80' => "th",
        >= '\u3040' and < '\u3100' => "ja",
        >= '\uAC00' and < '\uD7B0' => "ko",
        >= '\u4E00' and < '\uA000' => "zh",
        _ => "und",
    };
}
