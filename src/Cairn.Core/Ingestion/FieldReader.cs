using System.Globalization;
using System.Text.Json;

namespace Cairn.Core.Ingestion;

/// <summary>
/// Reads typed fields out of one JSON object and records a precise <see cref="ItemError"/> for each
/// field that is missing or of the wrong type, so one pass reports every problem of an item.
/// </summary>
public readonly struct FieldReader
{
    /// <summary>Longest identifier we accept (ids, names, channels). Longer ones are almost always a client bug.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Longest free text we accept in one field (a review, a transcript).</summary>
    public const int MaxTextLength = 100_000;

    private readonly JsonElement _item;
    private readonly int _index;
    private readonly List<ItemError> _errors;
    private readonly string _prefix;

    public FieldReader(JsonElement item, int index, List<ItemError> errors, string prefix = "")
    {
        _item = item;
        _index = index;
        _errors = errors;
        _prefix = prefix;
    }

    public bool IsObject => _item.ValueKind == JsonValueKind.Object;

    public void Fail(string field, string message) => _errors.Add(new ItemError(_index, _prefix + field, message));

    private bool TryGet(string field, out JsonElement value)
    {
        if (_item.ValueKind == JsonValueKind.Object && _item.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public bool Has(string field) => TryGet(field, out _);

    /// <summary>
    /// A string value as text. JSON may escape a lone UTF-16 surrogate ("\ud800"), which no text
    /// can hold: that is a refused field, not an exception.
    /// </summary>
    private string? TextOf(JsonElement value, string field)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            Fail(field, "not valid text: it escapes a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)");
            return null;
        }
    }

    public string? RequiredString(string field, int maxLength = MaxIdLength)
    {
        if (!TryGet(field, out _))
        {
            Fail(field, "is required");
            return null;
        }

        return OptionalString(field, maxLength);
    }

    /// <summary>A string, or a number written as its invariant text (ids often arrive as numbers).</summary>
    public string? OptionalString(string field, int maxLength = MaxIdLength)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => TextOf(value, field),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            Fail(field, $"must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            Fail(field, "must not be empty");
            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(field, $"is longer than {maxLength.ToString(CultureInfo.InvariantCulture)} characters");
            return null;
        }

        return text;
    }

    public double? OptionalNumber(string field, double min, double max)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String && double.TryParse(TextOf(value, field), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            Fail(field, $"must be a number, not {Describe(value.ValueKind)}");
            return null;
        }

        if (double.IsNaN(number) || number < min || number > max)
        {
            Fail(field, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return number;
    }

    /// <summary>An ISO 8601 timestamp, returned in UTC. A timestamp without an offset is read as UTC.</summary>
    public DateTime? OptionalTimestamp(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(TextOf(value, field), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            var utc = parsed.UtcDateTime;
            if (utc.Year is < 1970 or > 2999)
            {
                Fail(field, "is outside the years 1970 to 2999");
                return null;
            }

            return utc;
        }

        Fail(field, "must be an ISO 8601 timestamp such as 2026-11-23T10:15:00Z");
        return null;
    }

    public DateTime? RequiredTimestamp(string field)
    {
        if (!TryGet(field, out _))
        {
            Fail(field, "is required");
            return null;
        }

        return OptionalTimestamp(field);
    }

    /// <summary>A JSON object kept as compact text (properties, traits). Null when absent.</summary>
    public string? OptionalObjectJson(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(field, $"must be an object, not {Describe(value.ValueKind)}");
            return null;
        }

        return value.GetRawText();
    }

    public FieldReader Nested(string field)
    {
        TryGet(field, out var value);
        return new FieldReader(value, _index, _errors, _prefix + field + ".");
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
