using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Core.Ingestion;

/// <summary>
/// Parses a definition document (SurveyJS, journey map) strictly, so that what JSON allows but no
/// text can be (an escaped lone UTF-16 surrogate such as "\ud800") and what is ambiguous (the
/// same property twice) are refused in words instead of failing later, deep in the reading.
/// </summary>
public static class JsonText
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The words for <see cref="LoneSurrogateAt"/>'s finding.</summary>
    public static string LoneSurrogate(long at) =>
        $"the string at byte {at} escapes a lone UTF-16 surrogate (\\ud800-\\udfff without its pair), which is not text";

    /// <summary>
    /// Where the first string (value or property name) escapes a lone surrogate, or null when none
    /// does. Only escaped strings are decoded, so a clean document costs one pass of the reader.
    /// Malformed JSON throws <see cref="JsonException"/>, as parsing would.
    /// </summary>
    public static long? LoneSurrogateAt(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Strict.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }
        }

        return null;
    }

    /// <summary>The document's root, or null with the problem added.</summary>
    public static JsonNode? Parse(string? json, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var bytes = Encoding.UTF8.GetBytes(json ?? "");
        try
        {
            if (LoneSurrogateAt(bytes) is { } at)
            {
                problems.Add($"not valid JSON: {LoneSurrogate(at)}");
                return null;
            }

            return JsonNode.Parse(bytes, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            problems.Add($"not valid JSON: {e.Message.Split('.')[0]}");
            return null;
        }
    }
}
