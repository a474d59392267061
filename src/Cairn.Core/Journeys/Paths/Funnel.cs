namespace Cairn.Core.Journeys.Paths;

/// <summary>One funnel step: a step name at the funnel's level; an optional step does not stop those who skip it.</summary>
public sealed record FunnelStep(string Name, bool Optional);

/// <summary>
/// An ordered funnel: each customer enters at their first occurrence of the first step and must
/// do each later required step, in order (each its first occurrence after the step before), no
/// later than <see cref="Window"/> after entering. An optional step is counted when the customer
/// did it between the required steps around it; skipping it loses nobody.
/// </summary>
public sealed record FunnelDefinition(PathLevel Level, IReadOnlyList<FunnelStep> Steps, TimeSpan Window, DateTime? From = null, DateTime? To = null)
{
    public const int MaxSteps = 10;

    /// <summary>
    /// Parses "a,b?,c": names separated by commas, an optional step marked with a trailing "?".
    /// Windows are written like "7d", "12h", "30m" or "90s". Returns null with the reason when invalid.
    /// </summary>
    public static FunnelDefinition? Parse(PathLevel level, string? steps, string? window, DateTime? from, DateTime? to, out string? error)
    {
        error = null;
        var names = (steps ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length < 2 || names.Length > MaxSteps)
        {
            error = $"steps: give 2 to {MaxSteps} step names separated by commas (mark an optional step with a trailing '?'); got {names.Length}";
            return null;
        }

        var parsed = names.Select(n => n.EndsWith('?') ? new FunnelStep(n[..^1].Trim(), true) : new FunnelStep(n, false)).ToList();
        if (parsed[0].Optional || parsed[^1].Optional)
        {
            error = "steps: the first and the last step cannot be optional";
            return null;
        }

        if (parsed.Any(s => s.Name.Length == 0))
        {
            error = "steps: a step name is empty";
            return null;
        }

        var span = ParseWindow(window ?? "30d");
        if (span is null)
        {
            error = $"window: '{window}' is not a duration like 7d, 12h, 30m or 90s (at most 3650d)";
            return null;
        }

        return new FunnelDefinition(level, parsed, span.Value, from, to);
    }

    public static TimeSpan? ParseWindow(string text)
    {
        text = text.Trim();
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }

        TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
        {
            'd' when n <= 3650 => TimeSpan.FromDays(n),
            'h' when n <= 3650 * 24 => TimeSpan.FromHours(n),
            'm' when n <= 3650 * 24 * 60 => TimeSpan.FromMinutes(n),
            's' when n <= 3650L * 24 * 3600 => TimeSpan.FromSeconds(n),
            _ => null,
        };
        return span;
    }
}

/// <summary>
/// How many customers reached a step within the window (for an optional step: did it), the share
/// of those who entered, of those at the previous required step, and the median time from the previous step.
/// </summary>
public sealed record FunnelStepResult(string Name, bool Optional, long Reached, double ConversionFromStart, double ConversionFromPrevious, long DroppedOff, double? MedianSecondsFromPrevious);

public sealed record FunnelResult(PathLevel Level, TimeSpan Window, IReadOnlyList<FunnelStepResult> Steps)
{
    /// <summary>Turns the count of customers through each step into conversion and drop-off.</summary>
    public static FunnelResult From(FunnelDefinition definition, IReadOnlyList<(long Reached, long Passed, double? MedianSeconds)> counts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(counts);
        var steps = new List<FunnelStepResult>();
        var start = counts.Count == 0 ? 0 : counts[0].Passed;
        var previousPassed = start;
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var (reached, passed, median) = counts[i];
            var step = definition.Steps[i];
            steps.Add(new FunnelStepResult(step.Name, step.Optional, reached,
                Percent(reached, start), Percent(reached, previousPassed), step.Optional ? 0 : previousPassed - passed, i == 0 ? null : median));
            previousPassed = passed;
        }

        return new FunnelResult(definition.Level, definition.Window, steps);
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
