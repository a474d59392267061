using Cairn.Core.Priorities;
using Cairn.Web.Http;

namespace Cairn.Web.Priorities;

/// <summary>A difference with its 95% interval; significant when the interval leaves out zero.</summary>
public sealed record Interval(double Value, double Low, double High, bool Significant);

/// <summary>Voluntary churn of the affected against everyone else, and their ratio (lift) with its interval.</summary>
public sealed record ChurnComparison(double AffectedRate, double OthersRate, double? Lift, double? Low, double? High, bool Significant);

/// <summary>The period's customer base every gap is measured against.</summary>
/// <param name="Customers">Customers active in the period (involuntary churners left out).</param>
/// <param name="Churned">Of them, lost voluntarily.</param>
/// <param name="MonthlyChurnRate">Customers lost per customer-month, percent: it sets the expected lifetime.</param>
/// <param name="ExpectedMonths">1 ÷ monthly churn, capped at 120: the lifetime behind lifetime value.</param>
/// <param name="Nps">NPS of the base (each customer's latest answer).</param>
public sealed record PopulationSummary(long Customers, long Churned, double MonthlyChurnRate, double ExpectedMonths, MetricValue? Nps);

/// <summary>One gap of the ranked list, with every input of its score.</summary>
public sealed record GapResponse(
    int Rank, string Key, string Kind, string Label, string? Context, bool MomentOfTruth, long Affected, MetricValue? Frequency,
    MetricValue? NpsAffected, MetricValue? NpsOthers, Interval? NpsGap, ChurnComparison Churn, Interval? ExcessChurn,
    double? LifetimeValue, RevenueAtRisk? RevenueAtRisk, Interval? CompetitiveGap, int? Severity, int? Fixability, string? Owner,
    IReadOnlyList<Factor> Factors, double Score, string Why)
{
    public static string KindName(GapKind kind) => kind switch
    {
        GapKind.Theme => "theme",
        GapKind.Touchpoint => "touchpoint",
        _ => "pain_point",
    };

    public static GapResponse From(GapPriority g)
    {
        ArgumentNullException.ThrowIfNull(g);
        static Interval? Of(double? value, double? low, double? high, bool significant) =>
            value is { } v && low is { } l && high is { } h ? new Interval(v, l, h, significant) : null;
        return new GapResponse(g.Rank, g.Key, KindName(g.Kind), g.Label, g.Context, g.MomentOfTruth, g.Affected, MetricValue.Of(g.Frequency),
            MetricValue.Of(g.NpsAffected), MetricValue.Of(g.NpsOthers), Of(g.NpsGap?.Delta, g.NpsGap?.Low, g.NpsGap?.High, g.NpsGap?.Significant ?? false),
            new ChurnComparison(g.Churn.ExposedRate, g.Churn.OtherRate, g.Churn.Lift, g.Churn.Low, g.Churn.High, g.Churn.Significant),
            Of(g.ExcessChurn?.Value, g.ExcessChurn?.Low, g.ExcessChurn?.High, g.ExcessChurn?.Significant ?? false),
            g.LifetimeValue, g.Revenue, Of(g.CompetitiveGap?.Value, g.CompetitiveGap?.Low, g.CompetitiveGap?.High, g.CompetitiveGap?.Significant ?? false),
            g.Inputs.Severity, g.Inputs.Fixability, g.Owner, g.Factors, g.Score, g.Why);
    }
}

/// <summary>The ranked gaps of a period.</summary>
/// <param name="From">Start of the period (UTC).</param>
/// <param name="To">End of the period, exclusive.</param>
/// <param name="Margin">Share of revenue counted as value (1 = revenue, not profit).</param>
/// <param name="Population">The base the gaps are measured against.</param>
/// <param name="Gaps">Ranked gaps first (rank 1 most urgent), then those with too few affected (rank 0).</param>
public sealed record PrioritiesResponse(DateTime From, DateTime To, double Margin, PopulationSummary Population, IReadOnlyList<GapResponse> Gaps);

/// <summary>The analyst's inputs on a gap; null clears one.</summary>
public sealed record GapInputsRequest(int? Severity, int? Fixability, string? Owner);
