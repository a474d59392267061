using System.Globalization;
using Cairn.Core.Ingestion;

namespace Cairn.Web.Http;

/// <summary>Reads the whole-number query parameters every list and report takes, naming each bad one.</summary>
public static class QueryNumbers
{
    /// <summary>The parameter's value, <paramref name="fallback"/> when absent; a bad value adds an error and gives the fallback.</summary>
    public static int Whole(string? text, int fallback, int min, int max, string name, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new ItemError(0, name, $"a whole number from {min} to {max}"));
        return fallback;
    }
}
