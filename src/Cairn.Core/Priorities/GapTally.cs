using Cairn.Core.Metrics;

namespace Cairn.Core.Priorities;

/// <summary>What a gap is: a theme customers complain about, a touchpoint where they had a poor experience, or a pain point an analyst accepted on a journey map.</summary>
public enum GapKind
{
    Theme,
    Touchpoint,
    PainPoint,
}

/// <summary>
/// What the store counts for the whole customer base of a period, the yardstick every gap is
/// measured against: customers, those who churned voluntarily (experience-driven churn; payment
/// failures are left out of both groups), their monthly revenue, their latest NPS answers, and
/// the base's monthly churn rate that turns revenue into lifetime value.
/// </summary>
/// <param name="Customers">Customers active at some point in the period (involuntary churners excluded).</param>
/// <param name="Churned">Of them, lost voluntarily in or after the period.</param>
/// <param name="Revenue">Sum of their monthly revenue, where known.</param>
/// <param name="WithRevenue">How many of them have a known monthly revenue.</param>
/// <param name="Nps">Each customer's latest NPS answer in the period.</param>
/// <param name="MonthlyChurnRate">Customers lost (any kind) per customer-month in the period, 0..1.</param>
public sealed record PopulationTally(long Customers, long Churned, double Revenue, long WithRevenue, ScoreTally Nps, double MonthlyChurnRate);

/// <summary>
/// Competitor reviews against ours on the same gap: how many reviews each side has and how many
/// of them raise this gap negatively.
/// </summary>
/// <param name="OurReviews">Reviews of us.</param>
/// <param name="OurMentions">Of them, those that raise the gap negatively.</param>
/// <param name="TheirReviews">Reviews of competitors.</param>
/// <param name="TheirMentions">Of them, those that raise the gap negatively.</param>
public sealed record CompetitorTally(long OurReviews, long OurMentions, long TheirReviews, long TheirMentions);

/// <summary>
/// The counts behind one gap: who was affected (before any churn of theirs), how many of them
/// then churned voluntarily, their revenue and latest NPS answers, and competitor reviews where
/// the gap is a theme.
/// </summary>
/// <param name="Key">Stable key, e.g. "theme:4", "touchpoint:12", "pain:3": analyst inputs stick to it.</param>
/// <param name="Kind">Theme, touchpoint or pain point.</param>
/// <param name="Label">What people call it.</param>
/// <param name="Context">Where it sits, e.g. the journey and stage of a touchpoint.</param>
/// <param name="MomentOfTruth">Whether it happens at a moment of truth (failures there weigh more).</param>
/// <param name="DefaultOwner">The owner the journey map already names, if any.</param>
/// <param name="Affected">Customers of the population affected.</param>
/// <param name="Churned">Of them, lost voluntarily after they were affected.</param>
/// <param name="Revenue">Sum of their monthly revenue, where known.</param>
/// <param name="WithRevenue">How many of them have a known monthly revenue.</param>
/// <param name="Nps">Their latest NPS answers in the period.</param>
/// <param name="Competitors">Review counts against competitors, when the gap can be found in reviews.</param>
public sealed record GapTally(
    string Key, GapKind Kind, string Label, string? Context, bool MomentOfTruth, string? DefaultOwner,
    long Affected, long Churned, double Revenue, long WithRevenue, ScoreTally Nps, CompetitorTally? Competitors);

/// <summary>
/// What an analyst adds to a gap: severity and fixability on 1-5 (3 is neutral, 5 most severe and
/// easiest to fix), and the person who owns it.
/// </summary>
/// <param name="Severity">1 (cosmetic) to 5 (customers cannot get what they came for).</param>
/// <param name="Fixability">1 (a large programme) to 5 (a quick win).</param>
/// <param name="Owner">The owner's e-mail; one named person, not a committee.</param>
public sealed record GapInputs(int? Severity, int? Fixability, string? Owner)
{
    public static readonly GapInputs None = new(null, null, null);
}
