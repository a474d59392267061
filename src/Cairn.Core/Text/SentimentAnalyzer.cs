namespace Cairn.Core.Text;

/// <summary>
/// Lexicon-and-rules sentiment in the manner of VADER (Hutto and Gilbert, 2014): each rated
/// word's valence is adjusted for the three words before it (boosters such as "very",
/// dampeners such as "slightly", negation such as "not" or "isn't", "never so", "at least"),
/// for capitals that stand out, and for "but", then summed with emphasis from "!" and "??"
/// and squashed into −1..+1. Cairn's model (see <see cref="SentimentModel"/>) scores each
/// sentence on its own as well, knows CX vocabulary and more rated words, and reads
/// stretched words. Linear in the length of the text; allocation-free apart from the result.
/// </summary>
public sealed class SentimentAnalyzer(SentimentModel model)
{
    // VADER's empirically derived constants.
    private const float CapitalsIncrease = 0.733f;
    private const float NegationScalar = -0.74f;
    private const double ExclamationStep = 0.292;
    private const double QuestionStep = 0.18;
    private const double QuestionCap = 0.96;

    /// <summary>"Can't wait": Cairn's rating of the idiom on VADER's scale (as "excited", 2.2, less a little for its everyday use).</summary>
    private const float CantWait = 2.0f;

    public static SentimentAnalyzer Default { get; } = new(SentimentModel.Cairn);

    public SentimentModel Model { get; } = model;

    public SentimentResult Analyze(string? text) => Analyze(text.AsSpan());

    public SentimentResult Analyze(ReadOnlySpan<char> text)
    {
        var buffer = TokenBuffer.ForThisThread();
        buffer.Tokenize(text, Model.Lexicon, Model.Elongation);
        if (buffer.Count == 0)
        {
            return SentimentResult.Empty;
        }

        var capitals = buffer.CapitalsStandOut();
        var overall = Squash(Emphasise(ScoreRange(buffer, 0, buffer.Count, capitals, Model), text));

        // Each sentence is scored on its own as well, so a comment that praises one thing and
        // damns another is seen as mixed, and themes can take their sentence's sentiment.
        var ends = 0;
        for (var i = 0; i < buffer.Count; i++)
        {
            ends += buffer.Tokens[i].EndsSentence ? 1 : 0;
        }

        if (ends == 1)
        {
            // One sentence: its score is the text's (most comments; saves scoring twice).
            var start = buffer.Tokens[0].TextStart;
            var end = buffer.Tokens[buffer.Count - 1].TextStart + buffer.Tokens[buffer.Count - 1].TextLength;
            return new SentimentResult(overall, SentimentResult.LabelOf(overall), false, [new SentenceSentiment(start, end - start, overall)]);
        }

        var sentences = new List<SentenceSentiment>(ends);
        bool positive = false, negative = false;
        var from = 0;
        for (var i = 0; i < buffer.Count; i++)
        {
            if (!buffer.Tokens[i].EndsSentence)
            {
                continue;
            }

            var start = buffer.Tokens[from].TextStart;
            var end = buffer.Tokens[i].TextStart + buffer.Tokens[i].TextLength;
            var score = Squash(Emphasise(ScoreRange(buffer, from, i + 1, capitals, Model), text[start..end]));
            sentences.Add(new SentenceSentiment(start, end - start, score));
            positive |= score >= SentimentResult.MixedStrength;
            negative |= score <= -SentimentResult.MixedStrength;
            from = i + 1;
        }

        return new SentimentResult(overall, SentimentResult.LabelOf(overall), positive && negative, sentences);
    }

    /// <summary>Summed valence of tokens [from, to), each adjusted by the words before it.</summary>
    private static float ScoreRange(TokenBuffer b, int from, int to, bool capitals, SentimentModel model)
    {
        var tokens = b.Tokens;
        var valences = b.Valences;
        var contrast = -1;
        var sentenceStart = from; // negation and boosters never reach back into the previous sentence ("Support never answers. Awful.")
        for (var i = from; i < to; i++)
        {
            valences[i] = 0;
            if (model.SentenceBound && i > from && tokens[i - 1].EndsSentence)
            {
                sentenceStart = i;
            }

            var lower = sentenceStart;
            ref readonly var token = ref tokens[i];
            if (contrast < 0 && IsContrast(b, i))
            {
                contrast = i;
            }

            if (model.ExtraWords && CantWaitAt(b, i, lower, to))
            {
                valences[i] = CantWait; // eagerness, not a refusal to wait
                continue;
            }

            if (token.Info.IsBooster || !token.Info.IsRated || (i + 1 < to && b.Is(i, "kind") && b.Is(i + 1, "of")) || Intensifies(b, i, to, model))
            {
                continue;
            }

            var rated = token.Info.Valence;
            var v = rated;
            if (i + 1 < to && tokens[i + 1].Info.IsRated && b.Is(i, "no"))
            {
                v = 0; // "no" before a rated word negates that word instead of counting itself
            }

            if ((i > lower && b.Is(i - 1, "no") && !(model.NegationScope && b.Is(i, "no")))
                || (i > lower + 1 && b.Is(i - 2, "no") && !(model.NegationScope && tokens[i - 1].Info.IsRated))
                || (i > lower + 2 && b.Is(i - 3, "no") && (b.Is(i - 1, "or") || b.Is(i - 1, "nor"))))
            {
                v = rated * NegationScalar;
            }

            if (token.Upper && capitals)
            {
                v += v > 0 ? CapitalsIncrease : -CapitalsIncrease;
            }

            var scoped = false; // past a rated word: what lies further back is that word's
            for (var back = 0; back < 3; back++)
            {
                var j = i - back - 1;
                if (j < lower)
                {
                    continue;
                }

                var intensifies = Intensifies(b, j, to, model);
                if (tokens[j].Info.IsRated && !intensifies && !(model.NegationScope && b.Is(j, "kind") && b.Is(j + 1, "of")))
                {
                    scoped |= model.NegationScope;
                    continue;
                }

                if (scoped)
                {
                    v = back == 2 ? Idioms(b, v, i, to) : v;
                    continue;
                }

                var s = BoosterShift(tokens[j], v, capitals, intensifies);
                v += back == 1 ? s * 0.95f : back == 2 ? s * 0.9f : s;
                v = Negate(b, v, back, i);
                if (back == 2)
                {
                    v = Idioms(b, v, i, to);
                }
            }

            valences[i] = Least(b, v, i, lower);
        }

        float sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += contrast < 0 ? valences[i] : i < contrast ? valences[i] * 0.5f : i > contrast ? valences[i] * 1.5f : valences[i];
        }

        return sum;
    }

    private static bool IsContrast(TokenBuffer b, int i) => b.Is(i, "but");

    /// <summary>"can't wait (to…)" is eagerness; "can't wait any longer / forever / all day" is impatience.</summary>
    private static bool CantWaitAt(TokenBuffer b, int i, int lower, int to) =>
        i > lower && b.Is(i, "wait") && (b.Is(i - 1, "can't") || b.Is(i - 1, "cant") || b.Is(i - 1, "cannot"))
        && !(i + 1 < to && !b.Tokens[i].EndsSentence && (b.Is(i + 1, "any") || b.Is(i + 1, "longer") || b.Is(i + 1, "forever") || b.Is(i + 1, "all") || b.Is(i + 1, "around")));

    /// <summary>A rated word such as "super" or "terribly" right before another rated word: it only says how much.</summary>
    private static bool Intensifies(TokenBuffer b, int j, int to, SentimentModel model) =>
        model.ExtraWords && b.Tokens[j].Info.IsIntensifier && j + 1 < to && b.Tokens[j + 1].Info.IsRated && !b.Tokens[j].EndsSentence
        && !b.Word(j).SequenceEqual(b.Word(j + 1)); // "damn damn damn" is three curses

    private static float BoosterShift(in Token word, float valence, bool capitals, bool intensifies)
    {
        if (!word.Info.IsBooster && !intensifies)
        {
            return 0;
        }

        var s = valence < 0 ? -word.Info.Booster : word.Info.Booster;
        if (word.Upper && capitals)
        {
            s += valence > 0 ? CapitalsIncrease : -CapitalsIncrease;
        }

        return s;
    }

    private static bool Negates(TokenBuffer b, int i) => b.Tokens[i].Info.IsNegator || b.Word(i).Contains("n't", StringComparison.Ordinal);

    private static float Negate(TokenBuffer b, float v, int back, int i)
    {
        switch (back)
        {
            case 0:
                return Negates(b, i - 1) ? v * NegationScalar : v;
            case 1:
                if (b.Is(i - 2, "never") && (b.Is(i - 1, "so") || b.Is(i - 1, "this")))
                {
                    return v * 1.25f; // "never so good" intensifies
                }

                if (b.Is(i - 2, "without") && b.Is(i - 1, "doubt"))
                {
                    return v;
                }

                return Negates(b, i - 2) ? v * NegationScalar : v;
            default:
                if ((b.Is(i - 3, "never") && (b.Is(i - 2, "so") || b.Is(i - 2, "this"))) || b.Is(i - 1, "so") || b.Is(i - 1, "this"))
                {
                    return v * 1.25f;
                }

                if (b.Is(i - 3, "without") && (b.Is(i - 2, "doubt") || b.Is(i - 1, "doubt")))
                {
                    return v;
                }

                return Negates(b, i - 3) ? v * NegationScalar : v;
        }
    }

    /// <summary>"at least good" is not negated; "the least good" is.</summary>
    private static float Least(TokenBuffer b, float v, int i, int from)
    {
        if (i > from && !b.Tokens[i - 1].Info.IsRated && b.Is(i - 1, "least"))
        {
            return i > from + 1 && (b.Is(i - 2, "at") || b.Is(i - 2, "very")) ? v : v * NegationScalar;
        }

        return v;
    }

    private static readonly (string[] Words, float Valence)[] SpecialCases =
    [
        (["the", "shit"], 3), (["the", "bomb"], 3), (["bad", "ass"], 1.5f), (["yeah", "right"], -2),
        (["kiss", "of", "death"], -1.5f), (["to", "die", "for"], 3), (["beating", "heart"], 3.1f), (["broken", "heart"], -2.9f),
        (["bus", "stop"], 0),
    ];

    private static readonly string[][] DampeningPhrases = [["kind", "of"], ["sort", "of"], ["just", "enough"]];

    /// <summary>Phrases whose meaning is not the sum of their words ("the bomb", "yeah right", "kind of").</summary>
    private static float Idioms(TokenBuffer b, float v, int i, int to)
    {
        // Windows ending at or before the word, in VADER's order: (i-1,i) (i-2..i) (i-2,i-1) (i-3..i-1) (i-3,i-2).
        ReadOnlySpan<(int Start, int Length)> before = [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)];
        foreach (var (start, length) in before)
        {
            if (Special(b, start, length) is { } value)
            {
                v = value;
                break;
            }
        }

        if (i + 1 < to && Special(b, i, 2) is { } next)
        {
            v = next;
        }

        if (i + 2 < to && Special(b, i, 3) is { } next2)
        {
            v = next2;
        }

        ReadOnlySpan<(int Start, int Length)> dampeners = [(i - 3, 3), (i - 3, 2), (i - 2, 2)];
        foreach (var (start, length) in dampeners)
        {
            foreach (var phrase in DampeningPhrases)
            {
                if (Matches(b, start, length, phrase))
                {
                    v -= 0.293f;
                }
            }
        }

        return v;
    }

    private static float? Special(TokenBuffer b, int start, int length)
    {
        foreach (var (words, valence) in SpecialCases)
        {
            if (Matches(b, start, length, words))
            {
                return valence;
            }
        }

        return null;
    }

    private static bool Matches(TokenBuffer b, int start, int length, string[] words)
    {
        if (words.Length != length || start < 0 || start + length > b.Count)
        {
            return false;
        }

        for (var k = 0; k < length; k++)
        {
            if (!b.Is(start + k, words[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"!" adds emphasis (up to four), as do two or more "?"; both push away from zero.</summary>
    private static double Emphasise(float sum, ReadOnlySpan<char> text)
    {
        if (sum == 0)
        {
            return 0;
        }

        var exclamations = Math.Min(4, text.Count('!'));
        var questions = text.Count('?');
        var amplifier = exclamations * ExclamationStep + (questions <= 1 ? 0 : questions <= 3 ? questions * QuestionStep : QuestionCap);
        return sum > 0 ? sum + amplifier : sum - amplifier;
    }

    private double Squash(double sum) => sum == 0 ? 0 : Math.Clamp(sum / Math.Sqrt(sum * sum + Model.Alpha), -1, 1);
}
