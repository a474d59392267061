using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Privacy;
using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Access;

/// <summary><c>PUT /api/v1/retention/{kind}</c>.</summary>
public sealed record RetentionRequest(int? Days, string? Action);

/// <summary>A kind of data, what its age counts from, what may be done, and the policy in force (null: kept for ever).</summary>
public sealed record RetentionKindView(string Kind, string AgeOf, IReadOnlyList<string> Actions, RetentionRow? Policy);

/// <summary>
/// Retention policies: per kind of data, delete or anonymise after N days. Admins set them; a
/// daily job (and <c>POST /api/v1/retention/apply</c>) applies them; both are audited.
/// </summary>
public static class RetentionEndpoints
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/retention", (HttpContext c, CairnStore s) => ViewAsync(s, c.User.WorkspaceId())).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("ListRetention").WithSummary("Each kind of data (events, feedback, responses, cases, audit_log), what its age counts from, the actions it allows and the policy in force (null: kept for ever).")
            .Produces<IReadOnlyList<RetentionKindView>>();
        api.MapPut("/retention/{kind}", Set).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("SetRetention").WithSummary("{\"days\", \"action\": \"delete\"|\"anonymise\"}: after that many days the kind is deleted or anonymised (customer link and words dropped, scores, sentiment and themes kept) by the daily job. Audited.")
            .Accepts<RetentionRequest>("application/json").Produces<IReadOnlyList<RetentionKindView>>().ProducesProblem(404).ProducesProblem(422);
        api.MapDelete("/retention/{kind}", Remove).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("RemoveRetention").WithSummary("Keeps the kind for ever again. Audited.").Produces(204).ProducesProblem(404);
        api.MapPost("/retention/apply", Apply).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Access")
            .WithName("ApplyRetention").WithSummary("Applies the policies now (the daily job does it too): rows deleted or anonymised per kind.")
            .Produces<IReadOnlyDictionary<string, long>>();
        return api;
    }

    public static IEndpointRouteBuilder MapRetentionForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/settings/retention/{kind}", SetForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/settings/retention/apply", async (HttpContext c, CairnStore s, TimeProvider t) =>
        {
            var done = await s.ApplyRetentionAsync(c.User.WorkspaceId(), t.GetUtcNow().UtcDateTime, AccessEndpoints.Actor(c));
            return TypedResults.LocalRedirect($"/settings/retention?applied={done.Values.Sum().ToString(CultureInfo.InvariantCulture)}");
        }).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        return app;
    }

    public static async Task<IReadOnlyList<RetentionKindView>> ViewAsync(CairnStore store, long workspaceId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var policies = (await store.RetentionPoliciesAsync(workspaceId)).ToDictionary(p => p.Kind, StringComparer.Ordinal);
        return RetentionKinds.All.Select(k => new RetentionKindView(k.Kind, k.AgeOf, k.Actions, policies.GetValueOrDefault(k.Kind))).ToList();
    }

    private static bool Known(string kind) => RetentionKinds.All.Any(k => k.Kind == kind);

    private static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "Unknown kind of data", $"'{kind}' is not one of {string.Join(", ", RetentionKinds.All.Select(k => k.Kind))}");

    private static async Task<IResult> Set(HttpContext context, CairnStore store, string kind, RetentionRequest? body)
    {
        if (!Known(kind))
        {
            return UnknownKind(kind);
        }

        var errors = new List<ItemError>();
        if (RetentionKinds.Check(kind, body?.Days, body?.Action, errors) is not { } policy)
        {
            return Problems.Unprocessable("Invalid retention policy", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        await store.SetRetentionPolicyAsync(workspaceId, kind, policy, AccessEndpoints.Actor(context));
        return TypedResults.Ok(await ViewAsync(store, workspaceId));
    }

    private static async Task<IResult> Remove(HttpContext context, CairnStore store, string kind)
    {
        if (!Known(kind))
        {
            return UnknownKind(kind);
        }

        await store.SetRetentionPolicyAsync(context.User.WorkspaceId(), kind, null, AccessEndpoints.Actor(context));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Apply(HttpContext context, CairnStore store, TimeProvider time) =>
        TypedResults.Ok(await store.ApplyRetentionAsync(context.User.WorkspaceId(), time.GetUtcNow().UtcDateTime, AccessEndpoints.Actor(context)));

    /// <summary>The page's form: empty days keeps the kind for ever.</summary>
    private static async Task<IResult> SetForm(HttpContext context, CairnStore store, string kind, [FromForm] string? days, [FromForm] string? action)
    {
        IResult result;
        if (string.IsNullOrWhiteSpace(days))
        {
            result = await Remove(context, store, kind);
        }
        else
        {
            var parsed = int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            result = await Set(context, store, kind, new RetentionRequest(parsed ?? -1, action));
        }

        return FormRedirect.Back("/settings/retention", result, "saved", kind);
    }
}
