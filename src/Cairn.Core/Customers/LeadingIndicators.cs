using Cairn.Core.Metrics;

namespace Cairn.Core.Customers;

/// <summary>A signal a customer showed at the cut-off, and how much more often those who showed it left in the horizon after.</summary>
public sealed record LeadingIndicator(string Key, string Signal, RiskRatio Churn, RiskRatio VoluntaryChurn);

/// <summary>What a backtest of leading indicators found.</summary>
public sealed record LeadingIndicatorReport(DateTime CutOff, int HorizonDays, long Customers, long Churned, IReadOnlyList<LeadingIndicator> Indicators);

/// <summary>
/// Which signals precede churn (DOMAIN.md, "leading indicators": usage, contact rates,
/// engagement that predict loyalty before churn shows). Each customer active at a past cut-off is
/// read as the health model would have read them then, and each signal splits them in two: the
/// churn in the horizon after, with and without it, gives a lift with its 95% interval. Sorted by
/// lift, so the strongest warning comes first; a lift whose interval includes 1 is not a signal.
/// </summary>
public static class LeadingIndicators
{
    private static readonly (string Key, string Signal, Func<HealthInputs, DateTime, DateTime, bool> Shows)[] Signals =
    [
        ("support_contacts", "two or more support contacts in the 90 days before", (h, _, _) => h.SupportContacts >= 2),
        ("detractor", "a detractor score (0-6) as the last NPS answer", (h, _, _) => h.LastNps is <= 6),
        ("high_effort", "a high-effort answer (5-7) as the last CES", (h, _, _) => h.LastCes is >= 5),
        ("dissatisfied", "a dissatisfied answer (1-2) as the last CSAT", (h, _, _) => h.LastCsat is <= 2),
        ("negative_words", "negative words (mean sentiment below −0.05) in the 90 days before", (h, _, _) => h.Sentiment is < -0.05),
        ("usage_falling", "usage falling by half or more (last 30 days against the 60 before)", (h, _, _) => h.EventsBefore >= 4 && h.EventsRecent * 2 <= h.EventsBefore),
        ("returns", "a return in the 90 days before", (h, _, _) => h.Returns > 0),
        ("renewal_due", "a renewal due within the horizon", (h, cutOff, end) => h.RenewalAt is { } r && r > cutOff && r <= end),
        ("new_customer", "joined in the 90 days before (onboarding)", (h, cutOff, _) => h.SignupAt is { } s && s > cutOff.AddDays(-90)),
    ];

    public static LeadingIndicatorReport Evaluate(IReadOnlyList<(HealthInputs Inputs, bool Churned, bool Voluntary)> customers, DateTime cutOff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var end = cutOff.AddDays(horizonDays);
        var churned = customers.Count(c => c.Churned);
        var voluntary = customers.Count(c => c.Voluntary);
        var indicators = Signals.Select(s =>
        {
            var shown = customers.Where(c => s.Shows(c.Inputs, cutOff, end)).ToList();
            var shownChurned = shown.Count(c => c.Churned);
            var shownVoluntary = shown.Count(c => c.Voluntary);
            return new LeadingIndicator(s.Key, s.Signal,
                RiskRatio.Of(shownChurned, shown.Count, churned - shownChurned, customers.Count - shown.Count),
                RiskRatio.Of(shownVoluntary, shown.Count, voluntary - shownVoluntary, customers.Count - shown.Count));
        });
        return new LeadingIndicatorReport(cutOff, horizonDays, customers.Count, churned,
            [.. indicators.OrderByDescending(i => i.Churn.Lift ?? 0).ThenBy(i => i.Key, StringComparer.Ordinal)]);
    }
}
