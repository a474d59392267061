using System.Globalization;
using System.Security.Claims;
using Cairn.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Access;

/// <summary>Sign-in and sign-out for people (a cookie); the form carries an anti-forgery token.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", (Delegate)Login).RequireRateLimiting(SignInThrottle.Policy).ExcludeFromDescription();
        app.MapPost("/account/logout", (Delegate)Logout).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Login(HttpContext context, CairnStore store, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await store.FindUserAsync(email);
        var hasher = new PasswordHasher<string>();
        if (user is null || string.IsNullOrEmpty(password)
            || hasher.VerifyHashedPassword(user.Email, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            // Only attempts on a real account are logged: an unknown "email" is often a password typed in the wrong box.
            if (user is not null)
            {
                await store.AuditAsync(user.WorkspaceId, user.Email, "user.sign_in_failed", null, null);
            }

            return TypedResults.Redirect("/login?failed=1");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(CairnClaims.Workspace, user.WorkspaceId.ToString(CultureInfo.InvariantCulture)),
            new Claim(CairnClaims.Scope, user.Role == "admin" ? "admin" : "read"),
        ], CairnClaims.CookieScheme);
        await context.SignInAsync(CairnClaims.CookieScheme, new ClaimsPrincipal(identity));
        await store.RecordSignInAsync(user);
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static async Task<IResult> Logout(HttpContext context, CairnStore store)
    {
        await context.SignOutAsync(CairnClaims.CookieScheme);
        await store.AuditAsync(context.User.WorkspaceId(), context.User.Identity?.Name ?? "unknown", "user.signed_out", null, null);
        return TypedResults.Redirect("/login");
    }

    /// <summary>Only paths on this site: no open redirects through the login form.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string HashPassword(string email, string password) => new PasswordHasher<string>().HashPassword(email, password);
}
