namespace Cairn.Core.Initiatives;

/// <summary>
/// Where an improvement stands: planned → in_progress → launched (the change reached customers;
/// measurement starts here) → done, or cancelled at any point. Launching again moves the launch date.
/// </summary>
public static class InitiativeStatus
{
    public const string Planned = "planned";
    public const string InProgress = "in_progress";
    public const string Launched = "launched";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Planned, InProgress, Launched, Done, Cancelled];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status, StringComparer.Ordinal);

    public static string Label(string status) => status switch
    {
        Planned => "Planned",
        InProgress => "In progress",
        Launched => "Launched",
        Done => "Done",
        Cancelled => "Cancelled",
        _ => status,
    };
}
