using Cairn.Core.Journeys.Map;
using Cairn.Core.Metrics;

using Cairn.Web.Http;

namespace Cairn.Web.Journeys;

/// <summary>How many times more often the exposed reach an outcome, with its 95% interval and both rates (%).</summary>
public sealed record LiftValue(double? Lift, double? Low, double? High, double ExposedRate, double OtherRate, long Exposed, bool Significant)
{
    public static LiftValue? Of(RiskRatio? ratio) => ratio is null ? null
        : new LiftValue(ratio.Lift, ratio.Low, ratio.High, ratio.ExposedRate, ratio.OtherRate, ratio.Exposed, ratio.Significant);
}

public sealed record TouchpointData(
    long Customers, long Events, double ReturningShare, double? PathEndShare,
    MetricValue? Nps, MetricValue? Csat, MetricValue? Ces, MetricValue? Sentiment,
    IReadOnlyList<ThemeAtTouchpoint> TopThemes, LiftValue? ChurnLift, LiftValue? DetractorLift);

public sealed record TouchpointView(long Id, string Name, string? Channel, bool MomentOfTruth, string? Owner, IReadOnlyList<string> EventNames, IReadOnlyList<string> Surveys, TouchpointData Data);

/// <summary>
/// A stage with its touchpoints, and its point on the emotional curve: <see cref="Feeling"/> is
/// the mean of the stage's NPS ÷ 100 and its mean comment sentiment (each only when there are
/// enough answers), so −1 is despair and +1 delight.
/// </summary>
public sealed record StageView(long Id, string Name, string? CustomerGoal, string? Expectations, MetricValue? Nps, MetricValue? Sentiment, double? Feeling, IReadOnlyList<TouchpointView> Touchpoints)
{
    /// <summary>What the customer does in this stage.</summary>
    public string? Actions { get; init; }
}

/// <summary>
/// A pain point: suggested by the data (rule set, status "suggested" until the analyst decides),
/// or accepted, dismissed, or written by an analyst (no rule).
/// </summary>
public sealed record PainPointView(long? Id, long? TouchpointId, string? Touchpoint, string? Rule, string Title, string? Evidence, string Status, string? Owner);

public sealed record JourneyInfo(long Id, string Name, string? Persona, string? Scope, string? Purpose, string State, int Version);

/// <summary>The journey map filled with data: <c>GET /api/v1/journeys/{id}/map</c>.</summary>
public sealed record JourneyMapResponse(JourneyInfo Journey, DateTime? From, DateTime? To, MetricValue? Nps, IReadOnlyList<StageView> Stages, IReadOnlyList<PainPointView> PainPoints)
{
    /// <summary>The opportunities written on the map, with their evidence.</summary>
    public IReadOnlyList<OpportunityView> Opportunities { get; init; } = [];
}

/// <summary>An accept, dismiss or write of a pain point: <c>POST /api/v1/journeys/{id}/pain-points</c>.</summary>
public sealed record PainPointRequest(long? TouchpointId, string? Rule, string? Title, string? Description, string? Status, string? Owner, string? Evidence);

/// <summary>One side of a comparison of two maps.</summary>
public sealed record JourneySide(long Id, string Name, string State, int Version);

/// <summary><c>GET /api/v1/journeys/{id}/diff</c>: the older map (before) against the newer (after), stage by stage.</summary>
public sealed record JourneyDiffResponse(JourneySide Before, JourneySide After, IReadOnlyList<Cairn.Core.Journeys.StageDiff> Stages);
