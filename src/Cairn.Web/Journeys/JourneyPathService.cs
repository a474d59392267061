using Cairn.Core.Journeys.Paths;
using Cairn.Storage;

namespace Cairn.Web.Journeys;

/// <summary>Paths of a journey: directly-follows graph, variants, stage-to-stage times and the transitions that precede an outcome.</summary>
public sealed record PathsResponse(
    string Level, bool Collapsed, DateTime? From, DateTime? To,
    DirectlyFollowsGraph Graph, PathVariants Variants, IReadOnlyList<StageTransitionTime> StageTimes,
    string Outcome, IReadOnlyList<OutcomeLiftView> LeadsToOutcome);

/// <summary>One touchpoint or transition and how much more often the customers who had it reached the outcome.</summary>
public sealed record OutcomeLiftView(string Kind, string From, string? To, LiftValue Lift);

public static class JourneyPathService
{
    public const int MaxTop = 100;
    public const int LiftRows = 15;

    public static async Task<PathsResponse> PathsAsync(CairnStore store, long workspaceId, long journeyId, PathScope scope, int top, PathOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        var graph = await store.DirectlyFollowsAsync(workspaceId, journeyId, scope);
        var variants = await store.PathVariantsAsync(workspaceId, journeyId, scope, top);
        var stageTimes = await store.StageTransitionTimesAsync(workspaceId, journeyId, scope.From, scope.To);
        var lifts = await store.OutcomeLiftsAsync(workspaceId, journeyId, outcome, scope.From, scope.To);
        return new PathsResponse(scope.Level.ToString().ToLowerInvariant(), scope.CollapseRepeats, scope.From, scope.To, graph, variants, stageTimes,
            outcome.ToString().ToLowerInvariant(),
            lifts.Where(l => l.Ratio.Lift is not null).OrderByDescending(l => l.Ratio.Significant).ThenByDescending(l => l.Ratio.Lift).Take(LiftRows)
                .Select(l => new OutcomeLiftView(l.Kind.ToString().ToLowerInvariant(), l.From, l.To, LiftValue.Of(l.Ratio)!)).ToList());
    }

    /// <summary>Seconds in the largest unit that keeps the number readable (the paths page and the CLI).</summary>
    public static string Duration(double? seconds) => seconds switch
    {
        null => "–",
        < 120 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7_200 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        < 172_800 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
    };

    /// <summary>The step names a funnel may use at a level: the journey's touchpoints or stages (any event name at the event level).</summary>
    public static IReadOnlyList<string>? KnownSteps(StoredJourney journey, PathLevel level)
    {
        ArgumentNullException.ThrowIfNull(journey);
        return level switch
        {
            PathLevel.Touchpoint => journey.Stages.SelectMany(s => s.Touchpoints).Select(t => t.Name).ToList(),
            PathLevel.Stage => journey.Stages.Select(s => s.Name).ToList(),
            _ => null,
        };
    }
}
