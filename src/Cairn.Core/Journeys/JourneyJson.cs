using Cairn.Core.Ingestion;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Core.Journeys;

/// <summary>
/// A journey map definition as JSON, for export, import and version control:
/// <c>{"name", "persona", "scope", "purpose", "state": "current|future", "stages": [{"name",
/// "customerGoal", "expectations", "actions", "touchpoints": [{"name", "channel", "momentOfTruth", "owner",
/// "events": ["event_name", …]}]}]}</c>. Reading reports every problem with its path.
/// </summary>
public static class JourneyJson
{
    public const int MaxStages = 12;
    public const int MaxTouchpoints = 100;
    public const int MaxText = 500;

    public static string Export(JourneyDefinition journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var root = new JsonObject
        {
            ["name"] = journey.Name,
            ["persona"] = journey.PersonaId,
            ["scope"] = journey.Scope,
            ["purpose"] = journey.Purpose,
            ["state"] = journey.State.ToString().ToLowerInvariant(),
            ["stages"] = new JsonArray(journey.Stages.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["customerGoal"] = s.CustomerGoal,
                ["expectations"] = s.Expectations,
                ["actions"] = s.Actions,
                ["touchpoints"] = new JsonArray(s.Touchpoints.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name,
                    ["channel"] = t.Channel,
                    ["momentOfTruth"] = t.MomentOfTruth,
                    ["owner"] = t.Owner,
                    ["events"] = new JsonArray(t.EventNames.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
                }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static JourneyDefinition? Import(string json, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var root = JsonText.Parse(json, problems);
        if (root is null && problems.Count > 0)
        {
            return null;
        }

        if (root is not JsonObject journey)
        {
            problems.Add("a journey is a JSON object with \"name\" and \"stages\"");
            return null;
        }

        var name = Text(journey, "name", "", problems, required: true);
        var stateText = Text(journey, "state", "", problems) ?? "current";
        if (!Enum.TryParse<JourneyState>(stateText, true, out var state) || int.TryParse(stateText, out _))
        {
            problems.Add($"state: '{stateText}' is not current or future");
        }

        var stages = new List<StageDefinition>();
        var touchpointNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (journey["stages"] is not JsonArray stageArray || stageArray.Count == 0)
        {
            problems.Add("stages: a journey needs at least one stage");
        }
        else if (stageArray.Count > MaxStages)
        {
            problems.Add($"stages: at most {MaxStages} stages");
        }
        else
        {
            var stageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var s = 0; s < stageArray.Count; s++)
            {
                var path = $"stages[{s}]";
                if (stageArray[s] is not JsonObject stage)
                {
                    problems.Add($"{path}: each stage is an object");
                    continue;
                }

                var stageName = Text(stage, "name", path + ".", problems, required: true);
                if (stageName is not null && !stageNames.Add(stageName))
                {
                    problems.Add($"{path}.name: '{stageName}' is used by an earlier stage");
                }

                var touchpoints = new List<TouchpointDefinition>();
                var array = stage["touchpoints"] as JsonArray ?? [];
                for (var t = 0; t < array.Count; t++)
                {
                    var tpath = $"{path}.touchpoints[{t}]";
                    if (array[t] is not JsonObject touchpoint)
                    {
                        problems.Add($"{tpath}: each touchpoint is an object");
                        continue;
                    }

                    var tname = Text(touchpoint, "name", tpath + ".", problems, required: true);
                    if (tname is not null && !touchpointNames.Add(tname))
                    {
                        problems.Add($"{tpath}.name: '{tname}' is used by another touchpoint of this journey");
                    }

                    var events = new List<string>();
                    if (touchpoint["events"] is JsonArray eventArray)
                    {
                        for (var e = 0; e < eventArray.Count; e++)
                        {
                            if (eventArray[e] is JsonValue v && v.TryGetValue<string>(out var eventName) && eventName.Trim().Length is > 0 and <= 200)
                            {
                                events.Add(eventName.Trim());
                            }
                            else
                            {
                                problems.Add($"{tpath}.events[{e}]: an event name is a non-empty string of at most 200 characters");
                            }
                        }
                    }

                    var mot = touchpoint["momentOfTruth"] is JsonValue m && m.TryGetValue<bool>(out var flag) && flag;
                    touchpoints.Add(new TouchpointDefinition(tname ?? "", Text(touchpoint, "channel", tpath + ".", problems)?.ToLowerInvariant(), mot,
                        Text(touchpoint, "owner", tpath + ".", problems), events));
                }

                stages.Add(new StageDefinition(stageName ?? "", Text(stage, "customerGoal", path + ".", problems), Text(stage, "expectations", path + ".", problems), touchpoints)
                {
                    Actions = Text(stage, "actions", path + ".", problems),
                });
            }
        }

        if (touchpointNames.Count > MaxTouchpoints)
        {
            problems.Add($"touchpoints: at most {MaxTouchpoints} in one journey");
        }

        return problems.Count > 0 ? null : new JourneyDefinition(name!, Text(journey, "persona", "", problems), Text(journey, "scope", "", problems), Text(journey, "purpose", "", problems), state, stages);
    }

    private static string? Text(JsonObject owner, string field, string path, List<string> problems, bool required = false)
    {
        var node = owner[field];
        if (node is null)
        {
            if (required)
            {
                problems.Add($"{path}{field}: is required");
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            problems.Add($"{path}{field}: must be a string");
            return null;
        }

        text = text.Trim();
        if (text.Length > MaxText || (required && text.Length == 0))
        {
            problems.Add($"{path}{field}: must be 1 to {MaxText} characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }
}
