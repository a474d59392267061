using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary><c>PUT /api/v1/customers/{id}/consent</c>: only the fields sent change.</summary>
public sealed record ConsentRequest(string? Surveys, bool? EmailConfirmed, string? PreferredChannel, string? Language);

/// <summary>A customer's consent and preferences, with every recorded change, newest first.</summary>
public sealed record ConsentView(string CustomerId, string Surveys, DateTime? EmailConfirmedAt, string? PreferredChannel, string? Language, DateTime? UpdatedAt,
    IReadOnlyList<ConsentChangeRow> History);

/// <summary><c>PUT /api/v1/consent-policy</c>.</summary>
public sealed record ConsentPolicyRequest(bool? RequireConsent, bool? EmailDoubleOptIn);

/// <summary>
/// Consent and preferences: whether a customer may be surveyed (granted, pending a double opt-in,
/// withdrawn), their confirmed email, preferred channel and language; every change is recorded.
/// Invitations and the widget check consent before the contact rules, and "force" never overrides it.
/// </summary>
public static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{id}/consent", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers").WithName("GetConsent")
            .WithSummary("A customer's consent to be surveyed (unknown, granted, pending, withdrawn), email confirmation, preferred channel and language, and every change with its source and actor.")
            .Produces<ConsentView>().ProducesProblem(404);
        api.MapPut("/customers/{id}/consent", Put).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Customers").WithName("SetConsent")
            .WithSummary("Changes consent or preferences: {\"surveys\": \"granted\"|\"pending\"|\"withdrawn\", \"emailConfirmed\", \"preferredChannel\", \"language\"}; fields not sent stay. Each change is recorded.")
            .Accepts<ConsentRequest>("application/json").Produces<ConsentView>().ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/consent-policy", async (HttpContext c, CairnStore s) => TypedResults.Ok(await s.ConsentPolicyAsync(c.User.WorkspaceId())))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers").WithName("GetConsentPolicy")
            .WithSummary("The workspace's consent rule: requireConsent (survey only customers who granted it) and emailDoubleOptIn (email only confirmed addresses).")
            .Produces<ConsentPolicy>();
        api.MapPut("/consent-policy", SetPolicy).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Customers").WithName("SetConsentPolicy")
            .WithSummary("Sets the consent rule; fields not sent stay. Audited.").Accepts<ConsentPolicyRequest>("application/json").Produces<ConsentPolicy>();
        return api;
    }

    public static async Task<ConsentView?> ViewAsync(CairnStore store, long workspaceId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.CustomerConsentAsync(workspaceId, customerId) is { } consent
            ? new ConsentView(customerId, ConsentChange.Name(consent.Surveys), consent.EmailConfirmedAt, consent.PreferredChannel, consent.Language, consent.UpdatedAt,
                await store.ConsentHistoryAsync(workspaceId, customerId))
            : null;
    }

    private static IResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Customer not found", $"no customer '{id}' in this workspace");

    private static async Task<IResult> Get(HttpContext context, CairnStore store, string id) =>
        await ViewAsync(store, context.User.WorkspaceId(), id) is { } view ? TypedResults.Ok(view) : NotFound(id);

    private static async Task<IResult> Put(HttpContext context, CairnStore store, string id, ConsentRequest? body)
    {
        var errors = new List<ItemError>();
        if (ConsentChange.Check(body?.Surveys, body?.EmailConfirmed, body?.PreferredChannel, body?.Language, errors) is not { } change)
        {
            return Problems.Unprocessable("Invalid consent", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        return await store.SetCustomerConsentAsync(workspaceId, id, change, "api", AccessEndpoints.Actor(context)) is null
            ? NotFound(id)
            : TypedResults.Ok(await ViewAsync(store, workspaceId, id));
    }

    private static async Task<IResult> SetPolicy(HttpContext context, CairnStore store, ConsentPolicyRequest? body)
    {
        var workspaceId = context.User.WorkspaceId();
        var current = await store.ConsentPolicyAsync(workspaceId);
        var policy = new ConsentPolicy(body?.RequireConsent ?? current.RequireConsent, body?.EmailDoubleOptIn ?? current.EmailDoubleOptIn);
        await store.SetConsentPolicyAsync(workspaceId, policy, AccessEndpoints.Actor(context));
        return TypedResults.Ok(policy);
    }
}
