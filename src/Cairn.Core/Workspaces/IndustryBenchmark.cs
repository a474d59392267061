namespace Cairn.Core.Workspaces;

/// <summary>
/// A published NPS range for an industry: the average band and the score leaders reach.
/// Stored with its source and date so a user can see where a number came from and replace it.
/// </summary>
public sealed record IndustryBenchmark(Industry Industry, string Metric, double AverageLow, double AverageHigh, double Leaders, string Source, DateOnly AsOf)
{
    private const string SeedSource = "Cairn seed article on CX benchmarking (DOMAIN.md)";
    private static readonly DateOnly SeedDate = new(2026, 1, 1);

    /// <summary>The default NPS table from DOMAIN.md; a new workspace starts with its industry's row.</summary>
    public static IReadOnlyList<IndustryBenchmark> DefaultNps { get; } =
    [
        new(Industry.Technology, "nps", 35, 45, 60, SeedSource, SeedDate),
        new(Industry.FinancialServices, "nps", 30, 40, 55, SeedSource, SeedDate),
        new(Industry.Retail, "nps", 40, 50, 65, SeedSource, SeedDate),
        new(Industry.Healthcare, "nps", 25, 35, 50, SeedSource, SeedDate),
        new(Industry.Telecommunications, "nps", 15, 25, 40, SeedSource, SeedDate),
        new(Industry.Hospitality, "nps", 50, 60, 75, SeedSource, SeedDate),
    ];

    public static IndustryBenchmark NpsFor(Industry industry) => DefaultNps.Single(b => b.Industry == industry);
}
