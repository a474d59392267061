using System.Collections.Frozen;

namespace Cairn.Core.Text;

/// <summary>A phrase customers use more now than before that no theme covers, with verbatims that use it.</summary>
public sealed record DiscoveredPhrase(string Phrase, int Recent, int Earlier, double RecentShare, double EarlierShare, double Lift, IReadOnlyList<string> Examples);

/// <summary>
/// Finds emerging themes: two-word phrases (no function words) that appear in clearly more of
/// the recent texts than of the earlier ones, outside any existing theme's evidence. Ranked by
/// support × log(lift), so a phrase must be both frequent and new to rise to the top.
/// </summary>
public static class PhraseDiscovery
{
    public const int MinimumSupport = 5;
    public const double MinimumLift = 2;
    private const int ExamplesPerPhrase = 3;

    private static readonly FrozenSet<string> FunctionWords = (
        "a an the and or but if then so to of in on at by for with from into onto over under about after before again " +
        "i me my mine we us our you your he him his she her it its they them their this that these those there here " +
        "is am are was were be been being have has had do does did doing will would shall should can could may might must " +
        "not no nor too very just only also even still yet than as such what which who whom whose when where why how all any " +
        "both each few more most other some own same s t don't didn't isn't wasn't can't won't i'm it's i've i'd you're they're " +
        "get got getting one two three up down out off now ever never really much many lot").Split(' ').ToFrozenSet(StringComparer.Ordinal);

    public static IReadOnlyList<DiscoveredPhrase> Discover(IReadOnlyList<string> recent, IReadOnlyList<string> earlier, TextAnalyzer analyzer, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(analyzer);
        var recentCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var text in recent)
        {
            foreach (var phrase in Phrases(text, analyzer))
            {
                recentCounts[phrase] = recentCounts.GetValueOrDefault(phrase) + 1;
                if (!examples.TryGetValue(phrase, out var list))
                {
                    examples[phrase] = list = [];
                }

                if (list.Count < ExamplesPerPhrase)
                {
                    list.Add(text);
                }
            }
        }

        var candidates = recentCounts.Where(p => p.Value >= MinimumSupport).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var earlierCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in earlier)
        {
            foreach (var phrase in Phrases(text, analyzer))
            {
                if (candidates.Contains(phrase))
                {
                    earlierCounts[phrase] = earlierCounts.GetValueOrDefault(phrase) + 1;
                }
            }
        }

        var nRecent = Math.Max(1, recent.Count);
        var nEarlier = Math.Max(1, earlier.Count);
        var floor = 1.0 / (nEarlier + 1); // an unseen phrase counts as half a text less than one sighting
        return candidates
            .Select(p =>
            {
                var r = recentCounts[p];
                var e = earlierCounts.GetValueOrDefault(p);
                var recentShare = (double)r / nRecent;
                var earlierShare = (double)e / nEarlier;
                var lift = recentShare / Math.Max(earlierShare, floor);
                return new DiscoveredPhrase(p, r, e, recentShare * 100, earlierShare * 100, lift, examples[p]);
            })
            .Where(d => d.Lift >= MinimumLift)
            .OrderByDescending(d => d.Recent * Math.Log(d.Lift))
            .ThenBy(d => d.Phrase, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    /// <summary>The distinct two-word phrases of a text, skipping function words and the words of themes it already has.</summary>
    private static HashSet<string> Phrases(string text, TextAnalyzer analyzer)
    {
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return phrases;
        }

        var analysis = analyzer.Analyze(text);
        if (!analysis.Supported)
        {
            return phrases;
        }

        var covered = analysis.Themes.Select(t => (t.Start, End: t.Start + t.Length)).ToList();
        var span = text.AsSpan(0, analysis.AnalysedLength);
        string? previous = null;
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && ThemeMatcher.IsWordChar(span[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start < 0)
            {
                previous = i < span.Length && span[i] is '.' or '!' or '?' or ',' or ';' or ':' ? null : previous;
                continue;
            }

            var word = span[start..i].ToString().ToLowerInvariant();
            var inTheme = covered.Any(c => start < c.End && i > c.Start);
            var useful = !inTheme && word.Length >= 2 && word.Length <= 30 && !FunctionWords.Contains(word) && !word.All(char.IsDigit);
            if (useful && previous is not null)
            {
                phrases.Add(previous + " " + word);
            }

            previous = useful ? word : null;
            start = -1;
            if (i < span.Length && span[i] is '.' or '!' or '?' or ',' or ';' or ':')
            {
                previous = null; // phrases do not cross sentence or clause breaks
            }
        }

        return phrases;
    }
}
