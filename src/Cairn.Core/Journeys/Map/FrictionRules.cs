using System.Globalization;
using Cairn.Core.Events;
using Cairn.Core.Metrics;

namespace Cairn.Core.Journeys.Map;

/// <summary>
/// A pain point the data suggests at a touchpoint; the analyst accepts or dismisses it. The rule
/// is a stable key (the decision sticks to it); strength orders the findings by how far past their
/// threshold they are.
/// </summary>
public sealed record PainPointSuggestion(long TouchpointId, string Touchpoint, string Rule, string Title, string Evidence, double Strength);

/// <summary>
/// Where friction shows in the data, as DOMAIN.md lists the signals: low scores, negative themes,
/// high drop-off, repeated contacts and churn lift. Each rule fires only on a statistically
/// supported difference or on enough volume, so a map is not littered with noise.
/// </summary>
public static class FrictionRules
{
    public const long MinimumMentions = 30;
    public const double NegativeTheme = -0.15;
    public const double ReturningShare = 25;
    public const double DropOffShare = 20;
    public const double MinimumLift = 1.2;

    private static readonly HashSet<string> AssistedChannels = new(["phone", "chat", "store", "field"], StringComparer.Ordinal);

    public static IReadOnlyList<PainPointSuggestion> Suggest(IReadOnlyList<TouchpointEvidence> touchpoints, Estimate? journeyNps)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var found = new List<PainPointSuggestion>();
        foreach (var t in touchpoints)
        {
            PainPointSuggestion Add(string rule, string title, string evidence, double strength) =>
                new(t.TouchpointId, t.Touchpoint, rule, title, evidence, strength);

            if (t.Nps is { TooFew: false } nps && journeyNps is { TooFew: false } all && nps.High < all.Value)
            {
                found.Add(Add("low-nps", $"Low NPS at {t.Touchpoint}",
                    F($"NPS {nps.Value:+0;-0;0} (95% CI {nps.Low:+0;-0;0} to {nps.High:+0;-0;0}, n = {nps.N:N0}) against {all.Value:+0;-0;0} for the whole journey."),
                    all.Value - nps.Value));
            }

            if (t.Sentiment is { TooFew: false } sentiment && sentiment.High < 0)
            {
                found.Add(Add("negative-sentiment", $"Negative comments about {t.Touchpoint}",
                    F($"Mean sentiment {sentiment.Value:+0.00;-0.00} (95% CI {sentiment.Low:+0.00;-0.00} to {sentiment.High:+0.00;-0.00}) over {sentiment.N:N0} comments."),
                    -sentiment.Value * 100));
            }

            foreach (var theme in t.Themes.Where(h => h.Mentions >= MinimumMentions && h.AverageSentiment < NegativeTheme).OrderBy(h => h.AverageSentiment).Take(2))
            {
                found.Add(Add("theme:" + theme.Theme.ToLowerInvariant(), $"{theme.Theme} at {t.Touchpoint}",
                    F($"{theme.Mentions:N0} mentions of {theme.Theme.ToLowerInvariant()} here, mean sentiment {theme.AverageSentiment:+0.00;-0.00}."),
                    -theme.AverageSentiment!.Value * 100));
            }

            if (t.Channel is { } channel && AssistedChannels.Contains(Channels.Normalise(channel)!) && t.Customers >= MinimumMentions && t.ReturningShare >= ReturningShare)
            {
                found.Add(Add("repeat-contact", $"Customers come back to {t.Touchpoint}",
                    F($"{t.ReturningShare:0}% of {t.Customers:N0} customers needed {t.Touchpoint} on two or more days: the first contact did not settle it."),
                    t.ReturningShare));
            }

            if (t.AcquisitionStage && t.PathEndShare is { } end && end >= DropOffShare && t.Customers >= MinimumMentions)
            {
                found.Add(Add("drop-off", $"Journeys stop at {t.Touchpoint}",
                    F($"{end:0}% of the {t.Customers:N0} customers who reached {t.Touchpoint} went no further."),
                    end));
            }

            AddLift(found, t, t.ChurnLift, "churn-lift", "churn");
            AddLift(found, t, t.DetractorLift, "detractor-lift", "become detractors");
        }

        return found.OrderByDescending(s => s.Strength).ToList();
    }

    private static void AddLift(List<PainPointSuggestion> into, TouchpointEvidence t, RiskRatio? ratio, string rule, string outcome)
    {
        if (ratio is { Significant: true, Lift: { } lift, Low: { } low, High: { } high } && lift >= MinimumLift)
        {
            into.Add(new PainPointSuggestion(t.TouchpointId, t.Touchpoint, rule, $"{t.Touchpoint} precedes {(rule == "churn-lift" ? "churn" : "detractor scores")}",
                F($"Customers who went through {t.Touchpoint} {outcome} {lift:0.00}× as often (95% CI {low:0.00}–{high:0.00}): {ratio.ExposedRate:0.0}% against {ratio.OtherRate:0.0}%."),
                (lift - 1) * 100));
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
