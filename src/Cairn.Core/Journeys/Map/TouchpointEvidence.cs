using Cairn.Core.Metrics;

namespace Cairn.Core.Journeys.Map;

/// <summary>A theme raised in feedback at a touchpoint: how often and how it felt.</summary>
public sealed record ThemeAtTouchpoint(string Theme, long Mentions, double? AverageSentiment);

/// <summary>
/// What the data says about one touchpoint of a journey: volume, scores with intervals, sentiment,
/// themes, how many paths end here, returning contacts and churn/detractor lift.
/// <see cref="AcquisitionStage"/> marks the first half of the stages (awareness to purchase in the
/// default five): there a path that ends is an abandoned one; later it is a customer still using the service.
/// </summary>
public sealed record TouchpointEvidence(
    long TouchpointId,
    string Touchpoint,
    string Stage,
    bool AcquisitionStage,
    string? Channel,
    long Customers,
    long Events,
    long ReturningCustomers,
    Estimate? Nps,
    Estimate? Csat,
    Estimate? Ces,
    Estimate? Sentiment,
    double? PathEndShare,
    RiskRatio? ChurnLift,
    RiskRatio? DetractorLift,
    IReadOnlyList<ThemeAtTouchpoint> Themes)
{
    /// <summary>Share (%) of the touchpoint's customers who came back on another day.</summary>
    public double ReturningShare => Customers == 0 ? 0 : 100.0 * ReturningCustomers / Customers;
}
