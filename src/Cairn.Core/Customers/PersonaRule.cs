using System.Text.Json;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Customers;

/// <summary>
/// Who belongs to a persona: customers whose well-known attributes are among the values listed
/// (each list an OR, the lists together an AND; a list left out does not narrow), and who, when
/// <see cref="Event"/> is set, did that event at least <see cref="AtLeast"/> times. A persona
/// built this way is evidence, not a sketch: its size and metrics come from the customers it picks.
/// </summary>
public sealed record PersonaRule(
    IReadOnlyList<string> Personas, IReadOnlyList<string> Segments, IReadOnlyList<string> Plans, IReadOnlyList<string> Regions, string? Event, int AtLeast)
{
    public const int MaxValues = 50;

    /// <summary>The customers who carry this value of the <c>persona</c> trait.</summary>
    public static PersonaRule OfTrait(string persona) => new([persona], [], [], [], null, 1);

    public bool IsEmpty => Personas.Count + Segments.Count + Plans.Count + Regions.Count == 0 && Event is null;

    /// <summary>
    /// Reads <c>{"persona": [...], "segment": [...], "plan": [...], "region": [...], "did": {"event", "atLeast"}}</c>;
    /// a single string stands for a list of one. Null (with errors) when invalid or when it would pick everyone.
    /// </summary>
    public static PersonaRule? Read(JsonElement rule, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (rule.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ItemError(0, "rule", "must be an object such as {\"segment\": [\"consumer\"], \"plan\": [\"prepaid\"]}"));
            return null;
        }

        foreach (var property in rule.EnumerateObject())
        {
            if (property.Name is not ("persona" or "segment" or "plan" or "region" or "did"))
            {
                errors.Add(new ItemError(0, "rule." + property.Name, "is not a rule field: use persona, segment, plan, region or did"));
            }
        }

        var personas = Values(rule, "persona", errors);
        var segments = Values(rule, "segment", errors);
        var plans = Values(rule, "plan", errors);
        var regions = Values(rule, "region", errors);
        string? eventName = null;
        var atLeast = 1;
        if (rule.TryGetProperty("did", out var did) && did.ValueKind != JsonValueKind.Null)
        {
            var fields = new FieldReader(did, 0, errors, "rule.did.");
            if (!fields.IsObject)
            {
                errors.Add(new ItemError(0, "rule.did", "must be an object such as {\"event\": \"app_login\", \"atLeast\": 10}"));
            }
            else
            {
                eventName = fields.RequiredString("event");
                atLeast = (int)(fields.OptionalNumber("atLeast", 1, 1_000_000) ?? 1);
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var result = new PersonaRule(personas, segments, plans, regions, eventName, atLeast);
        if (result.IsEmpty)
        {
            errors.Add(new ItemError(0, "rule", "names no condition, so it would hold every customer"));
            return null;
        }

        return result;
    }

    private static List<string> Values(JsonElement rule, string name, List<ItemError> errors)
    {
        if (!rule.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new List<JsonElement> { value };
        var list = new List<string>();
        foreach (var item in items)
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(text) || text.Length > FieldReader.MaxIdLength)
            {
                errors.Add(new ItemError(0, "rule." + name, $"must list values as strings of 1 to {FieldReader.MaxIdLength} characters"));
                return [];
            }

            list.Add(text);
        }

        if (list.Count > MaxValues)
        {
            errors.Add(new ItemError(0, "rule." + name, $"lists more than {MaxValues} values"));
            return [];
        }

        return [.. list.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The rule as JSON, in the shape <see cref="Read"/> takes.</summary>
    public string ToJson()
    {
        var shape = new Dictionary<string, object>();
        if (Personas.Count > 0) { shape["persona"] = Personas; }
        if (Segments.Count > 0) { shape["segment"] = Segments; }
        if (Plans.Count > 0) { shape["plan"] = Plans; }
        if (Regions.Count > 0) { shape["region"] = Regions; }
        if (Event is not null) { shape["did"] = new Dictionary<string, object> { ["event"] = Event, ["atLeast"] = AtLeast }; }
        return JsonSerializer.Serialize(shape);
    }

    /// <summary>The rule in words, for the page.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(string what, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                parts.Add($"{what} {string.Join(" or ", values)}");
            }
        }

        Add("persona trait", Personas);
        Add("segment", Segments);
        Add("plan", Plans);
        Add("region", Regions);
        if (Event is not null)
        {
            parts.Add($"did {Event} at least {AtLeast} time{(AtLeast == 1 ? "" : "s")}");
        }

        return string.Join(", and ", parts);
    }
}
