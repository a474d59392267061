namespace Cairn.Storage.Initiatives;

/// <summary>A new initiative as validated by the web layer: links are touchpoint ids, segment names, theme ids and pain point ids.</summary>
public sealed record InitiativeDraft(
    string Title, string? Description, string Owner, string? Sponsor, string Metric, double? Baseline, double? Target,
    DateTime? StartDate, DateTime? DueDate, int WindowDays, string? GapKey,
    IReadOnlyList<long> Touchpoints, IReadOnlyList<string> Segments, IReadOnlyList<long> Themes, IReadOnlyList<long> PainPoints);

/// <summary>One link of an initiative, with the name people know it by.</summary>
public sealed record InitiativeLink(string Kind, string Ref, string Label);

/// <summary>An initiative as stored.</summary>
public sealed record InitiativeRow(
    long Id, string Title, string? Description, string Owner, string? Sponsor, string Status, string Metric, double? Baseline, double? Target,
    DateTime? StartDate, DateTime? DueDate, DateTime? LaunchedAt, int WindowDays, string? GapKey, DateTime CreatedAt, string? CreatedBy)
{
    public IReadOnlyList<InitiativeLink> Links { get; init; } = [];
}

/// <summary>One week of the metric's answers, split into the affected and the others, before and after launch.</summary>
public sealed record InitiativeWeek(DateTime Week, bool Affected, bool After, long N, double Sum, double SumOfSquares, long Good, long Bad);
