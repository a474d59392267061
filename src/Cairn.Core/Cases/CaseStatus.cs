namespace Cairn.Core.Cases;

/// <summary>
/// The closed-loop status flow: new → in progress → contacted → resolved. A case moves forward
/// (steps may be skipped: a quick call can go straight from new to contacted), and a resolved case
/// can be reopened into progress when the customer comes back.
/// </summary>
public static class CaseStatus
{
    public const string New = "new";
    public const string InProgress = "in_progress";
    public const string Contacted = "contacted";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> All { get; } = [New, InProgress, Contacted, Resolved];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status);

    /// <summary>Whether a case may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(string from, string to) =>
        IsKnown(from) && IsKnown(to) && from != to
        && (Rank(to) > Rank(from) || (from == Resolved && to == InProgress));

    /// <summary>What an owner sees: "In progress".</summary>
    public static string Label(string status) => status switch
    {
        New => "New",
        InProgress => "In progress",
        Contacted => "Contacted",
        Resolved => "Resolved",
        _ => status,
    };

    private static int Rank(string status) => status switch
    {
        New => 0,
        InProgress => 1,
        Contacted => 2,
        Resolved => 3,
        _ => -1,
    };
}
