using Cairn.Core.Metrics;

namespace Cairn.Core.Journeys.Paths;

/// <summary>What a path may lead to: the customer churned, or gave an NPS of 6 or less.</summary>
public enum PathOutcome
{
    Churn,
    Detractor,
}

/// <summary>Whether a lift row is about visiting one touchpoint or about one step directly following another.</summary>
public enum ExposureKind
{
    Touchpoint,
    Transition,
}

/// <summary>
/// How much more often customers whose path (before the outcome) contains a touchpoint or a
/// transition reach the outcome than the customers whose path does not.
/// </summary>
public sealed record OutcomeLift(ExposureKind Kind, string From, string? To, RiskRatio Ratio)
{
    /// <summary>Fewer exposed customers than this give intervals too wide to rank on.</summary>
    public const long MinimumExposed = 30;

    public string Label => To is null ? From : $"{From} → {To}";
}
