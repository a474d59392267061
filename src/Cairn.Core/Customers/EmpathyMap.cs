using Cairn.Core.Metrics;

namespace Cairn.Core.Customers;

/// <summary>How many customers a persona holds and how they do.</summary>
public sealed record PersonaSize(long Customers, long Active, long Churned, long VoluntaryChurned, double? MonthlyRevenue, long AllCustomers)
{
    public double Share => AllCustomers == 0 ? 0 : 100.0 * Customers / AllCustomers;

    /// <summary>Customers lost, of all the persona ever had, in percent.</summary>
    public double ChurnedShare => Customers == 0 ? 0 : 100.0 * Churned / Customers;
}

/// <summary>NPS of a group with its 95% interval; null values when there are too few answers.</summary>
public sealed record NpsFigure(double? Value, double? Low, double? High, long N)
{
    public static NpsFigure Of(ScoreTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var e = ScoreMetric.Nps.Estimate(tally);
        return e.TooFew ? new NpsFigure(null, null, null, e.N) : new NpsFigure(e.Value, e.Low, e.High, e.N);
    }
}

/// <summary>A theme in a persona's feedback against everyone else's: share of items, and how the persona feels about it.</summary>
public sealed record ThemeStat(string Theme, long Mentions, long Customers, double Share, double OthersShare, double? MeanSentiment)
{
    /// <summary>How many times more often the persona raises it than the other customers (null when the others never do).</summary>
    public double? Index => OthersShare > 0 ? Share / OthersShare : null;
}

/// <summary>A real verbatim of one of the persona's customers, with the theme it speaks to.</summary>
public sealed record PersonaQuote(string Theme, string Text, double Sentiment, string Source, DateTime At, string FeedbackId, string CustomerId);

/// <summary>Something customers do (a touchpoint or channel), per persona customer against per other customer.</summary>
public sealed record BehaviourStat(string Name, string Kind, double PerCustomer, double OthersPerCustomer)
{
    public double? Index => OthersPerCustomer > 0 ? PerCustomer / OthersPerCustomer : null;
}

/// <summary>An emotion's share of the persona's feedback against the others'.</summary>
public sealed record EmotionStat(string Emotion, long Items, double Share, double OthersShare);

/// <summary>What detractors or promoters of the persona write about most in their survey comments.</summary>
public sealed record ThoughtStat(string Band, string Theme, long Mentions, long Comments)
{
    public double Share => Comments == 0 ? 0 : 100.0 * Mentions / Comments;
}

/// <summary>
/// The behaviour of a persona's active customers who are loyal (latest NPS 9-10) or merely
/// retained (still paying, latest NPS 0-6): how much they use, how often they need help, and
/// what one group does far more than the other.
/// </summary>
public sealed record LoyaltyProfile(string Group, long Customers, double EventsPerMonth, double ContactsPerCustomer, double? MonthlyRevenue, IReadOnlyList<BehaviourStat> Distinctive);

/// <summary>
/// An empathy map filled from data: <see cref="Says"/> quotes real verbatims; <see cref="Thinks"/>
/// is what detractors and promoters write about; <see cref="Does"/> the touchpoints and channels the
/// persona over-uses; <see cref="Feels"/> its emotions; <see cref="Pains"/> and <see cref="Gains"/>
/// the themes it speaks of badly and well.
/// </summary>
public sealed record EmpathyMap(
    IReadOnlyList<PersonaQuote> Says, IReadOnlyList<ThoughtStat> Thinks, IReadOnlyList<BehaviourStat> Does, IReadOnlyList<EmotionStat> Feels,
    IReadOnlyList<ThemeStat> Pains, IReadOnlyList<ThemeStat> Gains, double? MeanSentiment)
{
    /// <summary>At least this many mentions make a theme a pain or a gain; fewer is anecdote.</summary>
    public const int MinMentions = 5;

    /// <summary>
    /// Builds the map: pains are the themes the persona speaks of negatively (mean sentiment below
    /// −0.05), most mentioned first; gains the positive ones; says quotes one verbatim per pain and
    /// gain in that order (the strongest in the theme's direction); does keeps what the persona
    /// does at least 1.1× as much as the others.
    /// </summary>
    public static EmpathyMap Build(
        IReadOnlyList<ThemeStat> themes, IReadOnlyList<PersonaQuote> quotes, IReadOnlyList<ThoughtStat> thoughts, IReadOnlyList<BehaviourStat> behaviour,
        IReadOnlyList<EmotionStat> emotions, double? meanSentiment, int each = 4)
    {
        ArgumentNullException.ThrowIfNull(themes);
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(thoughts);
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(emotions);
        var pains = themes.Where(t => t.Mentions >= MinMentions && t.MeanSentiment < -0.05).OrderByDescending(t => t.Mentions * -t.MeanSentiment!.Value).Take(each).ToList();
        var gains = themes.Where(t => t.Mentions >= MinMentions && t.MeanSentiment > 0.05).OrderByDescending(t => t.Mentions * t.MeanSentiment!.Value).Take(each).ToList();
        var says = new List<PersonaQuote>();
        foreach (var (theme, negative) in pains.Select(p => (p.Theme, true)).Concat(gains.Select(g => (g.Theme, false))))
        {
            var quote = quotes.Where(q => q.Theme == theme && (negative ? q.Sentiment < 0 : q.Sentiment > 0) && says.All(s => s.FeedbackId != q.FeedbackId))
                .OrderByDescending(q => Math.Abs(q.Sentiment)).ThenByDescending(q => q.At).FirstOrDefault();
            if (quote is not null)
            {
                says.Add(quote);
            }
        }

        var thinks = thoughts.Where(t => t.Band is "detractor" or "promoter").GroupBy(t => t.Band)
            .SelectMany(g => g.OrderByDescending(t => t.Mentions).Take(3)).OrderBy(t => t.Band).ThenByDescending(t => t.Mentions).ToList();
        var does = behaviour.Where(b => b.Index >= 1.1 && b.PerCustomer > 0).OrderByDescending(b => b.Index).Take(6).ToList();
        var feels = emotions.Where(e => e.Items > 0).OrderByDescending(e => e.Share).ToList();
        return new EmpathyMap(says, thinks, does, feels, pains, gains, meanSentiment);
    }
}
