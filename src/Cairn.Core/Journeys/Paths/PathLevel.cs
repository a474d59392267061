namespace Cairn.Core.Journeys.Paths;

/// <summary>
/// What one step of a customer's path is: the raw event name (process-mining view), the journey
/// touchpoint the event was mapped to, or that touchpoint's stage (the Sankey between stages).
/// </summary>
public enum PathLevel
{
    Event,
    Touchpoint,
    Stage,
}

/// <summary>Which steps enter path analytics, and how.</summary>
/// <param name="Level">What a step is.</param>
/// <param name="CollapseRepeats">
/// Whether consecutive repeats of the same step count once. Ten app logins in a row make every
/// customer's path unique; collapsed, the path says "App usage" once and variants become comparable.
/// </param>
/// <param name="From">Only steps at or after this time (UTC).</param>
/// <param name="To">Only steps before this time (UTC).</param>
public sealed record PathScope(PathLevel Level, bool CollapseRepeats, DateTime? From = null, DateTime? To = null)
{
    /// <summary>Repeats are collapsed by default above the event level, where they are noise, and kept at the event level, as process mining expects.</summary>
    public static PathScope Default(PathLevel level, DateTime? from = null, DateTime? to = null) => new(level, level != PathLevel.Event, from, to);
}
