using Cairn.Core.Workspaces;
using Cairn.Storage;

namespace Cairn.Web;

/// <summary>
/// What the server needs to start, resolved from flags and environment by the CLI
/// (DESIGN.md, "Public surface": CAIRN_DB, ASPNETCORE_URLS, CAIRN_ADMIN_EMAIL, CAIRN_ADMIN_PASSWORD, CAIRN_API_KEY).
/// </summary>
public sealed record CairnWebOptions
{
    public required StorageLocation Storage { get; init; }

    public string Urls { get; init; } = "http://127.0.0.1:5080";

    public string WorkspaceName { get; init; } = "default";

    public Industry Industry { get; init; } = Industry.Technology;

    public string AdminEmail { get; init; } = "admin@cairn.local";

    /// <summary>When null on first start, a password is generated and printed once.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Seeds an API key with full scope, for automation.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The address customers reach this Cairn at (CAIRN_PUBLIC_URL), written into the links of
    /// messages; when null, the address the request came in on.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>Outgoing mail for follow-up messages (CAIRN_SMTP_*); null when not configured.</summary>
    public SmtpSettings? Smtp { get; init; }

    /// <summary>How often queued follow-up messages are sent (when SMTP is configured).</summary>
    public TimeSpan OutboxInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often survey triggers look for new events to invite customers for.</summary>
    public TimeSpan TriggerInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far behind now survey triggers look: longer than ingestion takes to commit what it has
    /// received, so no event is passed over while it is being stored.
    /// </summary>
    public TimeSpan TriggerCommitLag { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests per minute one address may make to the public survey pages (429 past it). The
    /// benchmark lifts it to measure the save path itself; in production it stays per person.
    /// </summary>
    public int SurveyRequestsPerMinute { get; init; } = Access.SignInThrottle.SurveyRequestsPerMinute;

    /// <summary>How often the journey analytics index takes in new events in the background.</summary>
    public TimeSpan PathIndexInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the score deltas writers append are folded into the score rollup.</summary>
    public TimeSpan ScoreRollupInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the case rules run (the closed-loop sweep).</summary>
    public TimeSpan CaseSweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often due webhook deliveries are sent.</summary>
    public TimeSpan WebhookInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often alerts (metric drops, theme surges) are looked for; each week's alert is raised once.</summary>
    public TimeSpan AlertSweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often retention policies are applied (at start, then daily).</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often every customer's health is recomputed (at start, then on this interval).</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Where start-up messages meant for a person (the first admin's password) are written.</summary>
    public TextWriter Console { get; init; } = System.Console.Out;
}

/// <summary>The SMTP server follow-up messages go through (CAIRN_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM).</summary>
/// <param name="Host">Server name.</param>
/// <param name="Port">Port (587 for STARTTLS submission, 465 for TLS, 25 for plain relay).</param>
/// <param name="User">Sign-in name, if the server needs one.</param>
/// <param name="Password">Sign-in password.</param>
/// <param name="From">The sender address customers see.</param>
public sealed record SmtpSettings(string Host, int Port, string? User, string? Password, string From);
