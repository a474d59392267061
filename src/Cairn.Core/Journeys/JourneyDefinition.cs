namespace Cairn.Core.Journeys;

/// <summary>
/// A journey map's skeleton: stages in order, each with the customer's goal and expectations, and
/// the touchpoints in it. A touchpoint lists the event names that map events to it at ingestion.
/// </summary>
public sealed record JourneyDefinition(string Name, string? PersonaId, string? Scope, string? Purpose, JourneyState State, IReadOnlyList<StageDefinition> Stages);

public sealed record StageDefinition(string Name, string? CustomerGoal, string? Expectations, IReadOnlyList<TouchpointDefinition> Touchpoints)
{
    /// <summary>What the customer does in this stage, in the analyst's words (the map's actions lane).</summary>
    public string? Actions { get; init; }
}

public sealed record TouchpointDefinition(string Name, string? Channel, bool MomentOfTruth, string? Owner, IReadOnlyList<string> EventNames);

/// <summary>Current: what happens today, validated with data. Future: the experience being designed toward.</summary>
public enum JourneyState
{
    Current,
    Future,
}

/// <summary>The five default stages of DOMAIN.md; workspaces may rename, add or remove them.</summary>
public static class DefaultStages
{
    public static readonly IReadOnlyList<string> Names = ["Awareness", "Consideration", "Purchase", "Service and Use", "Loyalty and Advocacy"];
}
