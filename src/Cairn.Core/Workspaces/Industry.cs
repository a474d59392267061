namespace Cairn.Core.Workspaces;

/// <summary>
/// The industry a workspace belongs to. It selects the default industry benchmarks
/// (DOMAIN.md, "NPS industry benchmarks"); users may edit those defaults later.
/// </summary>
public enum Industry
{
    Technology,
    FinancialServices,
    Retail,
    Healthcare,
    Telecommunications,
    Hospitality,
}

/// <summary>Parsing and naming of <see cref="Industry"/> values as they appear in config and the CLI.</summary>
public static class Industries
{
    /// <summary>Accepts the enum name in any case, with or without dashes or underscores ("financial-services").</summary>
    public static bool TryParse(string? text, out Industry industry)
    {
        industry = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim();
        if (string.Equals(compact, "saas", StringComparison.OrdinalIgnoreCase) || string.Equals(compact, "tech", StringComparison.OrdinalIgnoreCase))
        {
            industry = Industry.Technology;
            return true;
        }

        if (string.Equals(compact, "telecom", StringComparison.OrdinalIgnoreCase))
        {
            industry = Industry.Telecommunications;
            return true;
        }

        return Enum.TryParse(compact, ignoreCase: true, out industry) && Enum.IsDefined(industry);
    }

    /// <summary>The stored, lower-case, dashed name: "financial-services".</summary>
    public static string ToKey(this Industry industry) => industry switch
    {
        Industry.Technology => "technology",
        Industry.FinancialServices => "financial-services",
        Industry.Retail => "retail",
        Industry.Healthcare => "healthcare",
        Industry.Telecommunications => "telecommunications",
        Industry.Hospitality => "hospitality",
        _ => throw new ArgumentOutOfRangeException(nameof(industry)),
    };

    public static string AllKeys => string.Join(", ", Enum.GetValues<Industry>().Select(i => i.ToKey()));
}
