namespace Cairn.Core.Text;

/// <summary>
/// A light English stemmer (the first step of Porter's algorithm: plurals, -ed, -ing, -y)
/// so a theme phrase matches the word's common forms: "charge" matches "charged",
/// "charges", "charging". Rules and text go through the same function, so what matters is
/// that both sides agree, not that the stem is a dictionary word.
/// </summary>
public static class Stemmer
{
    /// <summary>Writes the stem of a lower-case word into <paramref name="stem"/> (as long as the word) and returns its length.</summary>
    public static int Stem(ReadOnlySpan<char> word, Span<char> stem)
    {
        word.CopyTo(stem);
        var n = word.Length;
        if (n <= 3)
        {
            return n;
        }

        // Step 1a: plurals.
        if (EndsWith(stem, n, "sses") || EndsWith(stem, n, "ies"))
        {
            n -= 2;
        }
        else if (stem[n - 1] == 's' && stem[n - 2] != 's' && stem[n - 2] != 'u' && stem[n - 2] != 'i')
        {
            n--;
        }

        // Step 1b: past tense and gerund, then tidy the stem they leave.
        if (EndsWith(stem, n, "eed"))
        {
            if (n > 4)
            {
                n--;
            }
        }
        else if ((EndsWith(stem, n, "ed") && HasVowel(stem[..(n - 2)]) && Cut(ref n, 2))
            || (EndsWith(stem, n, "ing") && n > 5 && HasVowel(stem[..(n - 3)]) && Cut(ref n, 3)))
        {
            if (EndsWith(stem, n, "at") || EndsWith(stem, n, "bl") || EndsWith(stem, n, "iz"))
            {
                stem[n++] = 'e';
            }
            else if (n >= 2 && stem[n - 1] == stem[n - 2] && !IsVowel(stem[n - 1]) && stem[n - 1] is not ('l' or 's' or 'z'))
            {
                n--;
            }
        }

        // Step 1c: a final y after a consonant becomes i ("delivery", "deliveries" → "deliveri").
        if (n > 2 && stem[n - 1] == 'y' && !IsVowel(stem[n - 2]))
        {
            stem[n - 1] = 'i';
        }

        // Trailing e is dropped so "charge" and "charging" meet at "charg".
        if (n > 3 && stem[n - 1] == 'e')
        {
            n--;
        }

        return n;
    }

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        Span<char> buffer = stackalloc char[lower.Length + 1];
        return new string(buffer[..Stem(lower, buffer)]);
    }

    private static bool Cut(ref int n, int count)
    {
        n -= count;
        return true;
    }

    private static bool EndsWith(Span<char> s, int n, string suffix) => n >= suffix.Length && s[..n].EndsWith(suffix);

    private static bool HasVowel(Span<char> s)
    {
        foreach (var c in s)
        {
            if (IsVowel(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
