using System.Text.Json;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Surveys;

/// <summary>
/// A server-side trigger: when a customer does <see cref="Event"/> (e.g. <c>ticket_closed</c>),
/// invite them to the survey <see cref="DelayMinutes"/> later, and email the invitation when
/// <see cref="Send"/>. The survey's contact rules and the customer's consent still decide.
/// </summary>
public sealed record SurveyTrigger(string Event, int DelayMinutes, bool Send)
{
    public const int MaxTriggers = 10;
    public const int MaxDelayMinutes = 30 * 24 * 60;

    /// <summary>Reads <c>[{"event", "delayMinutes", "send"}]</c>; adds an error per bad field.</summary>
    public static IReadOnlyList<SurveyTrigger> Read(JsonElement array, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var triggers = new List<SurveyTrigger>();
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > MaxTriggers)
        {
            errors.Add(new ItemError(0, "triggers", $"an array of at most {MaxTriggers} triggers"));
            return triggers;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()!.Trim() : "";
            if (name.Length is 0 or > 200)
            {
                errors.Add(new ItemError(i, "event", "the event name that triggers the survey, 1 to 200 characters"));
            }
            else if (triggers.Any(t => t.Event == name))
            {
                errors.Add(new ItemError(i, "event", $"'{name}' is already a trigger of this survey"));
            }

            var delay = 0;
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("delayMinutes", out var d)
                && (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out delay) || delay < 0 || delay > MaxDelayMinutes))
            {
                errors.Add(new ItemError(i, "delayMinutes", $"whole minutes from 0 to {MaxDelayMinutes:N0} (30 days)"));
            }

            var send = !(item.ValueKind == JsonValueKind.Object && item.TryGetProperty("send", out var s) && s.ValueKind == JsonValueKind.False);
            triggers.Add(new SurveyTrigger(name, delay, send));
            i++;
        }

        return triggers;
    }
}
