using System.Globalization;
using System.Security.Claims;

namespace Cairn.Web.Access;

/// <summary>The claims Cairn's two sign-in schemes (cookie for people, bearer API key for machines) both set.</summary>
public static class CairnClaims
{
    public const string Workspace = "cairn:workspace";
    public const string Scope = "cairn:scope";

    public const string CookieScheme = "Cookies";
    public const string ApiKeyScheme = "ApiKey";
    public const string SelectorScheme = "Cairn";

    /// <summary>May send customers, events and feedback in.</summary>
    public const string IngestPolicy = "ingest";

    /// <summary>May read what the workspace holds.</summary>
    public const string ReadPolicy = "read";

    /// <summary>May change how the workspace works (taxonomy, reprocessing).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>May work cases: admins, analysts and case owners (API keys need the admin scope).</summary>
    public const string CaseWorkPolicy = "case-work";

    /// <summary>May weigh priorities and run initiatives: admins and analysts (API keys need the admin scope).</summary>
    public const string PlanPolicy = "plan";

    public static long WorkspaceId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(Workspace) ?? throw new InvalidOperationException("signed-in principal without a workspace"), CultureInfo.InvariantCulture);
}
