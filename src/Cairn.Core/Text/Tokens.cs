namespace Cairn.Core.Text;

/// <summary>A word or emoticon: where it sits in the lower-cased buffer and in the original text.</summary>
internal struct Token
{
    public int LowerStart;
    public int Length;
    public int TextStart;
    public int TextLength;
    public WordInfo Info;
    public bool Upper;
    public bool EndsSentence;
}

/// <summary>
/// Splits text into tokens the way VADER does (whitespace, then leading and trailing
/// punctuation stripped unless that leaves two characters or fewer, which keeps ":)" and
/// "ok!" whole), replacing each emoji with the words of its name. One pass, no allocation
/// per token: buffers are reused per thread.
/// </summary>
internal sealed class TokenBuffer
{
    [ThreadStatic]
    private static TokenBuffer? perThread;

    public char[] Lower = new char[1024];
    public Token[] Tokens = new Token[256];
    public float[] Valences = new float[256];
    public int Count;
    public int LowerLength;

    private bool elongation;

    public static TokenBuffer ForThisThread() => perThread ??= new TokenBuffer();

    public ReadOnlySpan<char> Word(int i) => Lower.AsSpan(Tokens[i].LowerStart, Tokens[i].Length);

    public bool Is(int i, string word) => Word(i).SequenceEqual(word);

    public void Tokenize(ReadOnlySpan<char> text, SentimentLexicon lexicon, bool elongation)
    {
        this.elongation = elongation;
        Count = 0;
        LowerLength = 0;
        EnsureLower(text.Length + 16);
        text.ToLowerInvariant(Lower.AsSpan(0, text.Length));
        LowerLength = text.Length;

        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (start >= 0)
                {
                    Add(text, start, i, lexicon);
                    start = -1;
                }

                if (c == '\n' && Count > 0)
                {
                    Tokens[Count - 1].EndsSentence = true;
                }

                continue;
            }

            if (c >= 0x2100 && TryEmoji(text, i, lexicon, ref start, out var used))
            {
                i += used - 1;
                continue;
            }

            if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            Add(text, start, text.Length, lexicon);
        }

        if (Count > 0)
        {
            Tokens[Count - 1].EndsSentence = true;
        }
    }

    /// <summary>VADER's "some but not all words are in capitals": only then is a capitalised word emphatic.</summary>
    public bool CapitalsStandOut()
    {
        var upper = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Tokens[i].Upper)
            {
                upper++;
            }
        }

        return upper > 0 && upper < Count;
    }

    private bool TryEmoji(ReadOnlySpan<char> text, int i, SentimentLexicon lexicon, ref int start, out int used)
    {
        used = 0;
        if (System.Text.Rune.DecodeFromUtf16(text[i..], out var rune, out used) != System.Buffers.OperationStatus.Done
            || lexicon.EmojiName(rune.Value) is not { } name)
        {
            return false;
        }

        if (start >= 0)
        {
            Add(text, start, i, lexicon);
            start = -1;
        }

        // The emoji's name is appended to the lower-case buffer and tokenised from there.
        EnsureLower(LowerLength + name.Length + 1);
        var nameStart = LowerLength;
        name.AsSpan().ToLowerInvariant(Lower.AsSpan(nameStart, name.Length));
        LowerLength += name.Length;
        var wordStart = nameStart;
        for (var k = nameStart; k <= nameStart + name.Length; k++)
        {
            if (k == nameStart + name.Length || Lower[k] == ' ')
            {
                if (k > wordStart)
                {
                    Push(new Token { LowerStart = wordStart, Length = k - wordStart, TextStart = i, TextLength = used, Info = lexicon.Lookup(Lower.AsSpan(wordStart, k - wordStart)) });
                }

                wordStart = k + 1;
            }
        }

        return true;
    }

    private void Add(ReadOnlySpan<char> text, int start, int end, SentimentLexicon lexicon)
    {
        if (elongation && end - start <= 64 && EntityMeaning(start, end, lexicon) is { } entity)
        {
            Push(new Token { LowerStart = start, Length = end - start, TextStart = start, TextLength = end - start, Info = entity });
            return;
        }

        var s = start;
        var e = end;
        while (s < e && IsAsciiPunctuation(text[s]))
        {
            s++;
        }

        while (e > s && IsAsciiPunctuation(text[e - 1]))
        {
            e--;
        }

        if (e - s <= 2)
        {
            (s, e) = (start, end);
        }

        var upper = false;
        var lower = false;
        for (var k = s; k < e; k++)
        {
            var c = text[k];
            if (char.IsUpper(c))
            {
                upper = true;
            }
            else if (char.IsLower(c))
            {
                lower = true;
                break;
            }
        }

        var last = text[end - 1];
        var info = Look(lexicon, Lower.AsSpan(s, e - s));
        if (upper && !lower && lexicon.TryLookupCapitalised(Lower.AsSpan(s, e - s), out var capitalised))
        {
            info = capitalised;
        }

        Push(new Token
        {
            LowerStart = s,
            Length = e - s,
            TextStart = start,
            TextLength = end - start,
            Info = info,
            Upper = upper && !lower,
            EndsSentence = last is '.' or '!' or '?' && e - s > 2 || (end - start > 1 && text[end - 2] is '.' or '!' or '?' && last is '"' or ')' or '\''),
        });
    }

    /// <summary>
    /// Text scraped from the web keeps its HTML entities: "&amp;lt;3" is a heart, "&amp;gt;:(" a
    /// scowl. The rating of the token as decoded, if it has one.
    /// </summary>
    private WordInfo? EntityMeaning(int start, int end, SentimentLexicon lexicon)
    {
        var raw = Lower.AsSpan(start, end - start);
        if (raw.IndexOf('&') < 0 || raw.IndexOf(';') < 0)
        {
            return null;
        }

        var decoded = System.Net.WebUtility.HtmlDecode(raw.ToString());
        var info = decoded.Length < raw.Length ? lexicon.Lookup(decoded) : default;
        return info.IsRated ? info : null;
    }

    private WordInfo Look(SentimentLexicon lexicon, ReadOnlySpan<char> word)
    {
        var info = lexicon.Lookup(word);
        if (info.Role != WordRole.None || !elongation || word.Length < 4 || word.Length > 64)
        {
            return info;
        }

        if (word.EndsWith("in") || word.EndsWith("in'"))
        {
            // "lovin'", "hatin": the g dropped.
            Span<char> full = stackalloc char[word.Length + 1];
            var stem = word.EndsWith("in'") ? word[..^1] : word;
            stem.CopyTo(full);
            full[stem.Length] = 'g';
            var dropped = lexicon.Lookup(full[..(stem.Length + 1)]);
            if (dropped.Role != WordRole.None)
            {
                return dropped;
            }
        }

        // "soooo goooood": letters repeated three or more times shrink to two, then to one.
        Span<char> twice = stackalloc char[word.Length];
        Span<char> once = stackalloc char[word.Length];
        int t = 0, o = 0;
        var stretched = false;
        for (var k = 0; k < word.Length; k++)
        {
            var run = k >= 2 && word[k] == word[k - 1] && word[k] == word[k - 2];
            stretched |= run;
            if (!run)
            {
                twice[t++] = word[k];
            }

            if (k == 0 || word[k] != word[k - 1])
            {
                once[o++] = word[k];
            }
        }

        if (!stretched)
        {
            return info;
        }

        var two = lexicon.Lookup(twice[..t]);
        return two.Role != WordRole.None ? two : lexicon.Lookup(once[..o]);
    }

    private void Push(Token token)
    {
        if (Count == Tokens.Length)
        {
            Array.Resize(ref Tokens, Count * 2);
            Array.Resize(ref Valences, Count * 2);
        }

        Tokens[Count++] = token;
    }

    private void EnsureLower(int length)
    {
        if (Lower.Length < length)
        {
            Array.Resize(ref Lower, Math.Max(length, Lower.Length * 2));
        }
    }

    private static bool IsAsciiPunctuation(char c) => c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~';
}
