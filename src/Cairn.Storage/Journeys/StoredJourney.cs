using Cairn.Core.Journeys;

namespace Cairn.Storage;

/// <summary>A journey as listed: what it is and how big.</summary>
public sealed record JourneySummary(long Id, string Name, string? PersonaId, string State, int Version, long Stages, long Touchpoints);

/// <summary>A journey with its stages and touchpoints, as stored, with the ids the analytics refer to.</summary>
public sealed record StoredJourney(long Id, string Name, string? PersonaId, string? Scope, string? Purpose, string State, int Version, IReadOnlyList<StoredStage> Stages)
{
    /// <summary>For a future-state map, the map it was drafted from.</summary>
    public long? BasedOn { get; init; }

    /// <summary>The definition (for export, or to copy into a future-state draft).</summary>
    public JourneyDefinition ToDefinition() => new(Name, PersonaId, Scope, Purpose,
        Enum.TryParse<JourneyState>(State, true, out var state) ? state : JourneyState.Current,
        Stages.Select(s => new StageDefinition(s.Name, s.CustomerGoal, s.Expectations,
            s.Touchpoints.Select(t => new TouchpointDefinition(t.Name, t.Channel, t.MomentOfTruth, t.Owner, t.EventNames)).ToList()) { Actions = s.Actions }).ToList());
}

public sealed record StoredStage(long Id, int Position, string Name, string? CustomerGoal, string? Expectations, IReadOnlyList<StoredTouchpoint> Touchpoints)
{
    /// <summary>What the customer does in this stage.</summary>
    public string? Actions { get; init; }
}

/// <summary>A touchpoint with the event names mapped to it and the surveys placed on it.</summary>
public sealed record StoredTouchpoint(long Id, string Name, string? Channel, bool MomentOfTruth, string? Owner, IReadOnlyList<string> EventNames, IReadOnlyList<string> Surveys);

/// <summary>Events and customers at a touchpoint; customers who came back on two or more different days.</summary>
public sealed record TouchpointActivity(long TouchpointId, long Events, long Customers, long ReturningCustomers);

/// <summary>A pain point the analyst accepted, dismissed or wrote; <see cref="Rule"/> names the data rule that suggested it.</summary>
public sealed record StoredPainPoint(long Id, long? TouchpointId, string? Rule, string Title, string? Description, string Status, string? Owner, string? Evidence, DateTime? DecidedAt, string? DecidedBy);
