namespace Cairn.Core.Outbound;

/// <summary>
/// What a webhook can subscribe to, and how often a failed delivery is retried: after 1, 5 and 30
/// minutes, then 2 and 12 hours; after <see cref="MaxAttempts"/> attempts the delivery is dead and
/// stays in the log with its last error.
/// </summary>
public static class WebhookEvents
{
    public const string ResponseCompleted = "response.completed";
    public const string CaseOpened = "case.opened";
    public const string CaseStatusChanged = "case.status_changed";
    public const string AlertRaised = "alert.raised";

    public static IReadOnlyList<string> All { get; } = [ResponseCompleted, CaseOpened, CaseStatusChanged, AlertRaised];

    public const int MaxAttempts = 6;

    private static readonly TimeSpan[] Delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts, or null when the delivery is dead.</summary>
    public static DateTime? NextAttempt(int attempts, DateTime failedAt) =>
        attempts >= MaxAttempts ? null : failedAt + Delays[Math.Clamp(attempts - 1, 0, Delays.Length - 1)];
}
