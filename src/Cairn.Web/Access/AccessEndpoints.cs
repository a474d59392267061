using System.Globalization;
using System.Security.Cryptography;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Memory;

namespace Cairn.Web.Access;

/// <summary><c>POST /api/v1/members</c>: a person and their role; the password is needed only for someone new to Cairn.</summary>
public sealed record MemberRequest(string? Email, string? Role, string? Password);

/// <summary><c>PUT /api/v1/members/{userId}</c>.</summary>
public sealed record RoleRequest(string? Role);

/// <summary><c>POST /api/v1/api-keys</c>.</summary>
public sealed record ApiKeyRequest(string? Name, string? Scope);

/// <summary>A new key: the only time the key itself is shown.</summary>
public sealed record NewApiKey(long Id, string Name, string Scope, string Key);

/// <summary>
/// Who may do what: members and their roles, API keys and their scopes, and the audit log, for
/// admins. Every change is written to the audit log in the same transaction, takes effect at once
/// (a revoked key leaves the key cache, a changed role ends the member's session) and cannot
/// leave a workspace without an admin.
/// </summary>
public static class AccessEndpoints
{
    public const int MinPasswordLength = 12;

    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        api.MapGet("/members", (HttpContext c, CairnStore s) => s.MembersAsync(c.User.WorkspaceId())).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("ListMembers").WithSummary("The people of the workspace and their roles (admin, analyst, case_owner, viewer).").Produces<IReadOnlyList<MemberRow>>();
        api.MapPost("/members", AddMember).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("AddMember").WithSummary($"Adds a person with a role; someone new to Cairn also needs a password of at least {MinPasswordLength} characters.")
            .Accepts<MemberRequest>("application/json").Produces<MemberRow>(201).ProducesProblem(409).ProducesProblem(422);
        api.MapPut("/members/{userId:long}", SetRole).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("SetMemberRole").WithSummary("Changes a member's role; their session ends so the new role applies at once. The last admin stays an admin.")
            .Accepts<RoleRequest>("application/json").Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapDelete("/members/{userId:long}", (HttpContext c, CairnStore s, IMemoryCache cache, long userId) => RemoveAsync(c, s, cache, userId))
            .RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("RemoveMember").WithSummary("Removes a person from the workspace; their session ends. The last admin cannot be removed.")
            .Produces(204).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/api-keys", (HttpContext c, CairnStore s) => s.ApiKeysAsync(c.User.WorkspaceId())).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("ListApiKeys").WithSummary("The workspace's API keys: name, first characters, scope (ingest, read, admin), when created and revoked. Keys are stored hashed.")
            .Produces<IReadOnlyList<ApiKeyInfo>>();
        api.MapPost("/api-keys", CreateKey).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("CreateApiKey").WithSummary("Creates a key with a scope: ingest (send data in; the one to embed in a web page), read, or admin. The key is in this answer only.")
            .Accepts<ApiKeyRequest>("application/json").Produces<NewApiKey>(201).ProducesProblem(422);
        api.MapDelete("/api-keys/{id:long}", RevokeKey).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("RevokeApiKey").WithSummary("Revokes a key; it stops working at once.").Produces(204).ProducesProblem(404);
        api.MapGet("/audit-log", AuditLog).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("GetAuditLog")
            .WithSummary("Sign-ins (and failed attempts), changes of members, roles and keys, customer exports and erasures, newest first; action keeps one action or a family (customer, member, api_key, user), before (an id) and limit (1-500, default 100) page it.")
            .Produces<IReadOnlyList<AuditLogRow>>().ProducesProblem(400);
        return api;
    }

    public static IEndpointRouteBuilder MapAccessForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/settings/members", AddMemberForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/settings/members/{userId:long}/role", SetRoleForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/settings/members/{userId:long}/remove", async (HttpContext c, CairnStore s, IMemoryCache cache, long userId) =>
            Back(await RemoveAsync(c, s, cache, userId))).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/settings/api-keys", CreateKeyForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/settings/api-keys/{id:long}/revoke", async (HttpContext c, CairnStore s, IMemoryCache cache, long id) =>
            Back(await RevokeKey(c, s, cache, id))).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>Who did it, as the audit log names them: the person's email or the key's name.</summary>
    public static string Actor(HttpContext context) => Actor(context.User);

    public static string Actor(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static void CheckRole(string? role, List<ItemError> errors)
    {
        if (role is null || !CairnStore.Roles.Contains(role))
        {
            errors.Add(new ItemError(0, "role", $"one of {string.Join(", ", CairnStore.Roles)}"));
        }
    }

    private static async Task<IResult> AddMember(HttpContext context, CairnStore store, MemberRequest? body)
    {
        var errors = new List<ItemError>();
        var email = body?.Email?.Trim();
        if (email is not { Length: > 3 and <= 254 } || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors.Add(new ItemError(0, "email", "an email address"));
        }

        CheckRole(body?.Role, errors);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid member", errors);
        }

        var known = await store.FindUserAsync(email!) is not null;
        if (!known && (body!.Password is not { } password || password.Length < MinPasswordLength || password.Length > 200))
        {
            return Problems.Unprocessable("Invalid member", [new ItemError(0, "password", $"{email} is new to Cairn: give a first password of {MinPasswordLength} to 200 characters")]);
        }

        var hash = known ? "" : AccountEndpoints.HashPassword(email!.ToLowerInvariant(), body!.Password!);
        var workspaceId = context.User.WorkspaceId();
        if (await store.AddMemberAsync(workspaceId, email!, hash, body!.Role!, Actor(context)) is not { } userId)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Already a member", $"{email} is a member of this workspace already; change their role instead");
        }

        return TypedResults.Created($"/api/v1/members/{userId}", (await store.MembersAsync(workspaceId)).Single(m => m.UserId == userId));
    }

    private static async Task<IResult> SetRole(HttpContext context, CairnStore store, IMemoryCache cache, long userId, RoleRequest? body)
    {
        var errors = new List<ItemError>();
        CheckRole(body?.Role, errors);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid role", errors);
        }

        return await ChangedAsync(context, cache, userId, () => store.SetMemberRoleAsync(context.User.WorkspaceId(), userId, body!.Role!, Actor(context)));
    }

    private static Task<IResult> RemoveAsync(HttpContext context, CairnStore store, IMemoryCache cache, long userId) =>
        ChangedAsync(context, cache, userId, () => store.RemoveMemberAsync(context.User.WorkspaceId(), userId, Actor(context)));

    /// <summary>Makes a change of a member and drops their cached role, so their session is checked again on its next request.</summary>
    private static async Task<IResult> ChangedAsync(HttpContext context, IMemoryCache cache, long userId, Func<Task<(AccessChange Outcome, string? Email)>> change)
    {
        var (outcome, email) = await change();
        if (email is not null)
        {
            cache.Remove(SessionCheck.CacheKey(context.User.WorkspaceId(), email));
        }

        return outcome switch
        {
            AccessChange.Done => TypedResults.NoContent(),
            AccessChange.LastAdmin => Problems.Create(StatusCodes.Status409Conflict, "Last admin", "the workspace must keep at least one admin; make someone else admin first"),
            _ => Problems.Create(StatusCodes.Status404NotFound, "Member not found", $"no member {userId} in this workspace"),
        };
    }

    private static async Task<IResult> CreateKey(HttpContext context, CairnStore store, ApiKeyRequest? body) =>
        await CreateKeyAsync(context, store, body?.Name, body?.Scope) is { } created
            ? TypedResults.Created($"/api/v1/api-keys/{created.Id}", created)
            : Problems.Unprocessable("Invalid API key", KeyErrors(body?.Name, body?.Scope));

    private static List<ItemError> KeyErrors(string? name, string? scope)
    {
        var errors = new List<ItemError>();
        if (name?.Trim() is not { Length: >= 1 and <= 100 })
        {
            errors.Add(new ItemError(0, "name", "1 to 100 characters, saying who or what uses the key"));
        }

        if (scope is null || !CairnStore.Scopes.Contains(scope))
        {
            errors.Add(new ItemError(0, "scope", $"one of {string.Join(", ", CairnStore.Scopes)}"));
        }

        return errors;
    }

    private static async Task<NewApiKey?> CreateKeyAsync(HttpContext context, CairnStore store, string? name, string? scope)
    {
        if (KeyErrors(name, scope).Count > 0)
        {
            return null;
        }

        var plain = CairnStore.NewApiKey();
        var row = await store.AddApiKeyAsync(context.User.WorkspaceId(), name!.Trim(), scope!, plain, Actor(context));
        return new NewApiKey(row.Id, row.Name, row.Scope, plain);
    }

    private static async Task<IResult> RevokeKey(HttpContext context, CairnStore store, IMemoryCache cache, long id)
    {
        if (await store.RevokeApiKeyAsync(context.User.WorkspaceId(), id, Actor(context)) is not { } hash)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "API key not found", $"no live API key {id} in this workspace");
        }

        cache.Remove(ApiKeyAuthentication.CacheKey(hash));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> AuditLog(HttpContext context, CairnStore store, string? action, string? before, string? limit)
    {
        var errors = new List<ItemError>();
        long? beforeId = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                beforeId = b;
            }
            else
            {
                errors.Add(new ItemError(0, "before", "the id of the oldest line of the previous page"));
            }
        }

        var size = 100;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
        {
            errors.Add(new ItemError(0, "limit", "a whole number from 1 to 500"));
        }

        if (action?.Length > 100)
        {
            errors.Add(new ItemError(0, "action", "at most 100 characters"));
        }

        return errors.Count > 0
            ? Problems.BadParameters("Invalid query", errors)
            : TypedResults.Ok(await store.AuditLogAsync(context.User.WorkspaceId(), size, beforeId, string.IsNullOrWhiteSpace(action) ? null : action.Trim()));
    }

    // The settings page's forms: the same rules, answered with the page and a message.
    private static async Task<IResult> AddMemberForm(HttpContext context, CairnStore store, [FromForm] string? email, [FromForm] string? role, [FromForm] string? password) =>
        Back(await AddMember(context, store, new MemberRequest(email, role, password)), "added");

    private static async Task<IResult> SetRoleForm(HttpContext context, CairnStore store, IMemoryCache cache, long userId, [FromForm] string? role) =>
        Back(await SetRole(context, store, cache, userId, new RoleRequest(role)));

    /// <summary>The new key goes to the page through the server's memory for five minutes, never through a URL.</summary>
    private static async Task<IResult> CreateKeyForm(HttpContext context, CairnStore store, IMemoryCache cache, [FromForm] string? name, [FromForm] string? scope)
    {
        if (await CreateKeyAsync(context, store, name, scope) is not { } created)
        {
            return Back(Problems.Unprocessable("Invalid API key", KeyErrors(name, scope)));
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        cache.Set(NewKeyCacheKey(token), (context.User.WorkspaceId(), Actor(context), created), TimeSpan.FromMinutes(5));
        return TypedResults.LocalRedirect($"/settings/access?created={token}");
    }

    public static string NewKeyCacheKey(string token) => "newkey:" + token;

    /// <summary>Back to the settings page, saying what happened: done, or the problem's detail.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult Back(IResult result, string done = "saved") =>
        FormRedirect.Back("/settings/access", result, "done", done);
}
