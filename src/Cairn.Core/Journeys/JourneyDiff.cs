using System.Text.Json.Serialization;

namespace Cairn.Core.Journeys;

/// <summary>How an element of one map stands in the other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffKind>))]
public enum DiffKind
{
    [JsonStringEnumMemberName("same")]
    Same,
    [JsonStringEnumMemberName("changed")]
    Changed,
    [JsonStringEnumMemberName("added")]
    Added,
    [JsonStringEnumMemberName("removed")]
    Removed,
}

/// <summary>A touchpoint compared: matched by name across the whole journey (so a move between stages is a change, not a removal and an addition).</summary>
public sealed record TouchpointDiff(string Name, DiffKind Kind, TouchpointDefinition? Before, TouchpointDefinition? After, IReadOnlyList<string> Changes);

/// <summary>A stage compared, with the touchpoints that sit in it in either map.</summary>
public sealed record StageDiff(string Name, DiffKind Kind, StageDefinition? Before, StageDefinition? After, IReadOnlyList<string> Changes, IReadOnlyList<TouchpointDiff> Touchpoints);

/// <summary>
/// The difference between two maps of a journey, typically the current state and a future state
/// drafted from it: stages and touchpoints added, removed and changed, each change in words
/// ("channel phone → app", "now a moment of truth"). Names match case-insensitively.
/// </summary>
public static class JourneyDiff
{
    public static IReadOnlyList<StageDiff> Compare(JourneyDefinition before, JourneyDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var comparer = StringComparer.OrdinalIgnoreCase;
        var beforeTouchpoints = before.Stages.SelectMany(s => s.Touchpoints.Select(t => (Stage: s.Name, Touchpoint: t))).ToDictionary(x => x.Touchpoint.Name, comparer);
        var afterTouchpoints = after.Stages.SelectMany(s => s.Touchpoints.Select(t => (Stage: s.Name, Touchpoint: t))).ToDictionary(x => x.Touchpoint.Name, comparer);

        // Stages in the future map's order, then those it dropped where they stood.
        var names = after.Stages.Select(s => s.Name).ToList();
        for (var i = 0; i < before.Stages.Count; i++)
        {
            if (!names.Contains(before.Stages[i].Name, comparer))
            {
                names.Insert(Math.Min(i, names.Count), before.Stages[i].Name);
            }
        }

        var result = new List<StageDiff>();
        foreach (var name in names)
        {
            var was = before.Stages.FirstOrDefault(s => comparer.Equals(s.Name, name));
            var now = after.Stages.FirstOrDefault(s => comparer.Equals(s.Name, name));
            var changes = new List<string>();
            if (was is not null && now is not null)
            {
                Field(changes, "goal", was.CustomerGoal, now.CustomerGoal);
                Field(changes, "expectations", was.Expectations, now.Expectations);
                Field(changes, "actions", was.Actions, now.Actions);
            }

            var touchpoints = new List<TouchpointDiff>();
            foreach (var t in now?.Touchpoints ?? [])
            {
                touchpoints.Add(beforeTouchpoints.TryGetValue(t.Name, out var old)
                    ? Touchpoint(old.Touchpoint, t, comparer.Equals(old.Stage, name) ? null : old.Stage)
                    : new TouchpointDiff(t.Name, DiffKind.Added, null, t, []));
            }

            foreach (var t in was?.Touchpoints ?? [])
            {
                if (!afterTouchpoints.ContainsKey(t.Name))
                {
                    touchpoints.Add(new TouchpointDiff(t.Name, DiffKind.Removed, t, null, []));
                }
            }

            var kind = was is null ? DiffKind.Added : now is null ? DiffKind.Removed
                : changes.Count > 0 || touchpoints.Any(t => t.Kind != DiffKind.Same) ? DiffKind.Changed : DiffKind.Same;
            result.Add(new StageDiff(now?.Name ?? was!.Name, kind, was, now, changes, touchpoints));
        }

        return result;
    }

    private static TouchpointDiff Touchpoint(TouchpointDefinition was, TouchpointDefinition now, string? movedFrom)
    {
        var changes = new List<string>();
        if (movedFrom is not null)
        {
            changes.Add($"moved from {movedFrom}");
        }

        Field(changes, "channel", was.Channel, now.Channel);
        Field(changes, "owner", was.Owner, now.Owner);
        if (was.MomentOfTruth != now.MomentOfTruth)
        {
            changes.Add(now.MomentOfTruth ? "now a moment of truth" : "no longer a moment of truth");
        }

        var added = now.EventNames.Except(was.EventNames, StringComparer.Ordinal).ToList();
        var removed = was.EventNames.Except(now.EventNames, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            changes.Add($"new events: {string.Join(", ", added)}");
        }

        if (removed.Count > 0)
        {
            changes.Add($"events no longer mapped: {string.Join(", ", removed)}");
        }

        return new TouchpointDiff(now.Name, changes.Count == 0 ? DiffKind.Same : DiffKind.Changed, was, now, changes);
    }

    private static void Field(List<string> changes, string field, string? was, string? now)
    {
        if (!string.Equals(was?.Trim() ?? "", now?.Trim() ?? "", StringComparison.Ordinal))
        {
            changes.Add(string.IsNullOrWhiteSpace(was) ? $"{field} set" : string.IsNullOrWhiteSpace(now) ? $"{field} removed"
                : was.Length + now.Length > 60 ? $"{field} rewritten" : $"{field} {was} → {now}");
        }
    }
}
