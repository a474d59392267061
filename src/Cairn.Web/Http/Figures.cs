using System.Globalization;

namespace Cairn.Web.Http;

/// <summary>How figures read on pages and in reports, the same everywhere.</summary>
public static class Figures
{
    /// <summary>An amount of money in the workspace's currency, compact: 4.61M, 512k, 9,300; a dash when unknown.</summary>
    public static string Money(double? value) => value is not { } v ? "–"
        : v >= 1_000_000 ? (v / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + "M"
        : v >= 10_000 ? (v / 1000).ToString("0", CultureInfo.InvariantCulture) + "k"
        : v.ToString("N0", CultureInfo.InvariantCulture);
}
