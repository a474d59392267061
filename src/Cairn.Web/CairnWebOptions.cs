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

    /// <summary>Where start-up messages meant for a person (the first admin's password) are written.</summary>
    public TextWriter Console { get; init; } = System.Console.Out;
}
