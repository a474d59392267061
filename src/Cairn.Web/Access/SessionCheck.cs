using System.Security.Claims;
using Cairn.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Access;

/// <summary>
/// A sign-in cookie carries the role it was issued with. Each request checks it against the
/// member's role now (read at most once a minute, and at once after an admin changes it), so a
/// removed member or a changed role ends the session instead of lasting until the cookie expires.
/// </summary>
public static class SessionCheck
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    public static string CacheKey(long workspaceId, string email) => $"role:{workspaceId}:{email.Trim().ToLowerInvariant()}";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user?.Identity?.Name is not { } email || user.FindFirstValue(CairnClaims.Workspace) is null)
        {
            context.RejectPrincipal();
            return;
        }

        var workspaceId = user.WorkspaceId();
        var cache = context.HttpContext.RequestServices.GetRequiredService<IMemoryCache>();
        var key = CacheKey(workspaceId, email);
        if (!cache.TryGetValue(key, out string? role))
        {
            role = await context.HttpContext.RequestServices.GetRequiredService<CairnStore>().RoleOfAsync(workspaceId, email);
            cache.Set(key, role, Fresh);
        }

        if (role is null || !user.IsInRole(role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CairnClaims.CookieScheme);
        }
    }
}
