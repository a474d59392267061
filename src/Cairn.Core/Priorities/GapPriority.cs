using Cairn.Core.Metrics;

namespace Cairn.Core.Priorities;

/// <summary>One multiplier on a gap's revenue at risk, with the reason it applies.</summary>
public sealed record Factor(string Name, double Multiplier, string Reason);

/// <summary>Revenue at risk, a year's worth of lifetime value, with the interval carried over from excess churn.</summary>
/// <param name="Value">Affected × excess churn × lifetime value (0 when the affected churn no more than the rest).</param>
/// <param name="Low">At the low end of the excess-churn interval.</param>
/// <param name="High">At the high end of the excess-churn interval.</param>
/// <param name="CustomersLost">Affected × excess churn: customers lost beyond what the rest lose.</param>
public sealed record RevenueAtRisk(double Value, double Low, double High, double CustomersLost);

/// <summary>
/// A gap scored and explained: how many it touches (frequency), how much loyalty it costs (NPS gap
/// and churn lift among the affected, with intervals), how competitors compare, what the excess
/// churn costs (revenue at risk), the analyst's severity and fixability, and the factors that turn
/// revenue at risk into the score it is ranked by. Every figure an explanation needs is here.
/// </summary>
/// <param name="Rank">1 for the most urgent; 0 when too few customers are affected to rank it.</param>
/// <param name="Key">Stable key the analyst's inputs stick to.</param>
/// <param name="Kind">Theme, touchpoint or pain point.</param>
/// <param name="Label">What people call it.</param>
/// <param name="Context">Where it sits.</param>
/// <param name="MomentOfTruth">Whether it happens at a moment of truth.</param>
/// <param name="Affected">Customers affected.</param>
/// <param name="Frequency">Share of the period's customers affected, percent, with its Wilson interval.</param>
/// <param name="NpsAffected">NPS of the affected (their latest answers).</param>
/// <param name="NpsOthers">NPS of everyone else.</param>
/// <param name="NpsGap">Affected minus others, in points; null when either side has too few answers.</param>
/// <param name="Churn">Voluntary churn of the affected against the rest, with the lift.</param>
/// <param name="ExcessChurn">Affected churn rate minus the rest's, in percentage points.</param>
/// <param name="LifetimeValue">Lifetime value of an affected customer (their mean monthly revenue ÷ monthly churn); null without revenue data.</param>
/// <param name="Revenue">Revenue at risk; null without revenue data.</param>
/// <param name="CompetitiveGap">Share of our reviews raising it minus competitors' share, in points (positive: we fare worse).</param>
/// <param name="Inputs">The analyst's severity, fixability and owner.</param>
/// <param name="Owner">Who owns it: the analyst's choice, else the journey map's owner.</param>
/// <param name="Factors">The multipliers applied to revenue at risk, each with its reason.</param>
/// <param name="Score">Revenue at risk × every factor (customers lost × factors without revenue data).</param>
/// <param name="Why">The explanation in one paragraph of plain words.</param>
public sealed record GapPriority(
    int Rank, string Key, GapKind Kind, string Label, string? Context, bool MomentOfTruth,
    long Affected, Estimate Frequency, Estimate NpsAffected, Estimate NpsOthers, Change? NpsGap,
    RiskRatio Churn, ProportionDifference? ExcessChurn, double? LifetimeValue, RevenueAtRisk? Revenue,
    ProportionDifference? CompetitiveGap, GapInputs Inputs, string? Owner, IReadOnlyList<Factor> Factors, double Score, string Why)
{
    /// <summary>Whether too few customers are affected for the figures to mean anything.</summary>
    public bool TooFew => Rank == 0;
}
