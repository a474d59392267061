namespace Cairn.Core.Metrics;

/// <summary>What the store counts for one group of customers, over the year before now.</summary>
public sealed record ClvInputs(string? Group, long Active, double? MonthlyRevenue, long AtStart, long Lost, long Purchases, double? PurchaseValue, long Purchasers, double RevenueAtRisk);

/// <summary>
/// Customer lifetime value for a group, both ways DOMAIN.md names it. <see cref="ByChurn"/>:
/// mean monthly revenue × margin × expected months (1 ÷ monthly churn over the last year, at most
/// ten years). <see cref="Seed"/>: (C × O) × Y, with C the mean purchase (orders and invoices of the
/// last year), O purchases a year per purchasing customer, and Y the same expected lifetime in years.
/// <see cref="AnnualRevenueAtRisk"/> is twelve months of the revenue of customers on the at-risk list.
/// </summary>
public sealed record ClvFigures(string? Group, long Customers, double? MonthlyRevenue, double? MonthlyChurn, double? ExpectedMonths, double? ByChurn,
    double? AveragePurchase, double? PurchasesPerYear, double? Seed, double AnnualRevenueAtRisk)
{
    public static ClvFigures From(ClvInputs inputs, double margin)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        double? churn = inputs.AtStart > 0 ? (double)inputs.Lost / inputs.AtStart / 12 : null;
        double? months = churn is { } c ? LifetimeValue.ExpectedMonths(c) : null;
        double? byChurn = inputs.MonthlyRevenue is { } r && churn is { } mc ? LifetimeValue.FromChurn(r, mc, margin) : null;
        double? purchase = inputs.Purchases > 0 && inputs.PurchaseValue is { } v ? v / inputs.Purchases : null;
        double? perYear = inputs.Purchasers > 0 ? (double)inputs.Purchases / inputs.Purchasers : null;
        double? seed = purchase is { } p && perYear is { } o && months is { } m ? LifetimeValue.Seed(p, o, m / 12) * margin : null;
        return new ClvFigures(inputs.Group, inputs.Active, inputs.MonthlyRevenue, churn is null ? null : 100 * churn, months, byChurn, purchase, perYear, seed, 12 * inputs.RevenueAtRisk);
    }
}
