using System.Globalization;

namespace Cairn.Core.Customers;

/// <summary>
/// What the store knows about one customer at a moment (<c>asOf</c>), read only from data dated
/// before it, so a health score computed for a past date can be checked against what happened next.
/// Windows: experience scores 180 days (the latest of each kind), sentiment, support contacts and
/// returns 90 days, usage the last 30 days against the 60 before, renewals the next 90 days.
/// </summary>
public sealed record HealthInputs(
    string CustomerId,
    double? LastNps,
    double? LastCsat,
    double? LastCes,
    double? Sentiment,
    int SupportContacts,
    int EventsRecent,
    int EventsBefore,
    int Returns,
    DateTime? RenewalAt,
    DateTime? SignupAt,
    DateTime? LastBadContactAt,
    double? MonthlyRevenue);

/// <summary>One input's share of the score: its value in words and the points it adds or takes.</summary>
public sealed record HealthContribution(string Input, string Value, double Points, string Why);

public enum HealthBand
{
    Healthy,
    Watch,
    AtRisk,
}

/// <summary>The high-risk moments of DOMAIN.md's Service and Use stage, where silence costs customers.</summary>
public enum RiskMoment
{
    AfterFailedContact,
    BeforeRenewal,
    EarlyOnboarding,
}

public sealed record HealthAssessment(double Score, HealthBand Band, RiskMoment? Moment, IReadOnlyList<HealthContribution> Contributions)
{
    /// <summary>On the at-risk list: at risk, or on watch at a high-risk moment.</summary>
    public bool NeedsOutreach => Band == HealthBand.AtRisk || (Band == HealthBand.Watch && Moment is not null);
}

/// <summary>
/// A transparent health score: 70 points for a customer about whom nothing is known, plus or minus a
/// stated number of points per input, kept within 0..100. The weights are set by hand from the CX
/// literature (a detractor, a hard contact and repeated support contacts predict leaving), not
/// fitted, so each can be explained in one sentence; <see cref="HealthValidation"/> measures how
/// well they rank the customers who really left.
/// </summary>
public static class HealthModel
{
    public const double Base = 70;
    public const double HealthyFrom = 65;
    public const double WatchFrom = 45;
    public const int BadContactDays = 30;
    public const int RenewalDays = 60;
    public const int OnboardingDays = 60;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static HealthAssessment Assess(HealthInputs x, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(x);
        var parts = new List<HealthContribution>();
        if (x.LastNps is { } nps)
        {
            parts.Add(new("Latest NPS answer", Fmt(nps), (nps - 8) * 3.5, "3.5 points per step from 8: a promoter adds, a detractor takes up to 28"));
        }

        if (x.LastCsat is { } csat)
        {
            parts.Add(new("Latest CSAT answer", Fmt(csat) + " of 5", (csat - 4) * 6, "6 points per step from 4 (satisfied)"));
        }

        if (x.LastCes is { } ces)
        {
            parts.Add(new("Latest effort (CES)", Fmt(ces) + " of 7", (3 - ces) * 4, "4 points per step from 3; 1 is the least effort"));
        }

        if (x.Sentiment is { } sentiment)
        {
            parts.Add(new("Sentiment of what they wrote", sentiment.ToString("+0.00;-0.00;0", Inv), sentiment * 15, "mean over 90 days, -1..+1, times 15"));
        }

        if (x.SupportContacts > 0)
        {
            parts.Add(new("Support contacts", $"{x.SupportContacts} in 90 days", -Math.Min(24, 6.0 * x.SupportContacts), "6 points each, at most 24: every contact is a failure to serve"));
        }

        parts.Add(Usage(x.EventsRecent, x.EventsBefore));
        if (x.Returns > 0)
        {
            parts.Add(new("Returns", $"{x.Returns} in 90 days", -Math.Min(15, 5.0 * x.Returns), "5 points each, at most 15"));
        }

        if (x.RenewalAt is { } renewal && renewal > asOf && (renewal - asOf).TotalDays <= RenewalDays)
        {
            parts.Add(new("Renewal", $"in {(int)Math.Ceiling((renewal - asOf).TotalDays)} days", -5, $"a renewal within {RenewalDays} days is a decision to stay or go"));
        }

        parts = [.. parts.Select(p => p with { Points = Math.Round(p.Points, 1) })]; // shown to one decimal, so the shown points add up to the score
        var score = Math.Clamp(Base + parts.Sum(p => p.Points), 0, 100);
        var band = score >= HealthyFrom ? HealthBand.Healthy : score >= WatchFrom ? HealthBand.Watch : HealthBand.AtRisk;
        return new HealthAssessment(Math.Round(score, 1), band, Moment(x, asOf), parts);
    }

    private static HealthContribution Usage(int recent, int before)
    {
        // Before covers 60 days, recent 30: half of before is the expected recent count.
        if (before < 4)
        {
            return new("Usage trend", recent + before == 0 ? "no activity in 90 days" : "too little history to judge", 0, "needs 4 or more events in the 60 days before the last 30");
        }

        var expected = before / 2.0;
        var ratio = recent / expected;
        var points = recent == 0 ? -15 : Math.Clamp((ratio - 1) * 10, -15, 5);
        return new("Usage trend", $"{recent} events in 30 days, {expected.ToString("0.#", Inv)} usual", points, "10 points per 100% change against the usual month, -15..+5; silence after use is -15");
    }

    /// <summary>The most urgent moment the customer is in, if any.</summary>
    public static RiskMoment? Moment(HealthInputs x, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.LastBadContactAt is { } bad && bad <= asOf && (asOf - bad).TotalDays <= BadContactDays)
        {
            return RiskMoment.AfterFailedContact;
        }

        if (x.RenewalAt is { } renewal && renewal > asOf && (renewal - asOf).TotalDays <= RenewalDays)
        {
            return RiskMoment.BeforeRenewal;
        }

        return x.SignupAt is { } signup && signup <= asOf && (asOf - signup).TotalDays <= OnboardingDays ? RiskMoment.EarlyOnboarding : null;
    }

    public static string Name(this HealthBand band) => band switch { HealthBand.AtRisk => "at_risk", _ => band.ToString().ToLowerInvariant() };

    public static string Name(this RiskMoment moment) => moment switch
    {
        RiskMoment.AfterFailedContact => "after_failed_contact",
        RiskMoment.BeforeRenewal => "before_renewal",
        _ => "early_onboarding",
    };

    public static string Describe(this RiskMoment moment) => moment switch
    {
        RiskMoment.AfterFailedContact => $"a bad score or an unhappy contact in the last {BadContactDays} days",
        RiskMoment.BeforeRenewal => $"renewal due within {RenewalDays} days",
        _ => $"in the first {OnboardingDays} days",
    };

    public static RiskMoment? ParseMoment(string? text) =>
        Enum.GetValues<RiskMoment>().Select(m => (RiskMoment?)m).FirstOrDefault(m => string.Equals(m!.Value.Name(), text, StringComparison.OrdinalIgnoreCase));

    private static string Fmt(double value) => value.ToString("0.#", Inv);
}
