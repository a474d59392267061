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
    IReadOnlyList<ConsentChangeRow> History)
{
    /// <summary>Set when this change asked the customer to confirm their email address: queued, unsent (no SMTP) or why not.</summary>
    public string? Confirmation { get; init; }
}

/// <summary>What asking for an email confirmation did: queued, unsent (kept, SMTP not configured), already confirmed.</summary>
public sealed record ConfirmationResult(string CustomerId, string Status);

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
        api.MapPost("/customers/{id}/consent/confirmation", RequestConfirmation).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Customers").WithName("RequestEmailConfirmation")
            .WithSummary("Emails the customer a link to confirm their address (double opt-in); confirming also grants a pending consent. 202 with status queued (or unsent when SMTP is not configured), 200 when already confirmed.")
            .Produces<ConfirmationResult>(202).Produces<ConfirmationResult>().ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/consent-policy", async (HttpContext c, CairnStore s) => TypedResults.Ok(await s.ConsentPolicyAsync(c.User.WorkspaceId())))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers").WithName("GetConsentPolicy")
            .WithSummary("The workspace's consent rule: requireConsent (survey only customers who granted it) and emailDoubleOptIn (email only confirmed addresses).")
            .Produces<ConsentPolicy>();
        api.MapPut("/consent-policy", SetPolicy).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Customers").WithName("SetConsentPolicy")
            .WithSummary("Sets the consent rule; fields not sent stay. Audited.").Accepts<ConsentPolicyRequest>("application/json").Produces<ConsentPolicy>();
        return api;
    }

    public static IEndpointRouteBuilder MapConsentForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/customers/{id}/confirm-email", async (HttpContext c, CairnStore s, CairnWebOptions o, string id) =>
        {
            var outcome = await QueueConfirmationAsync(c, s, o, c.User.WorkspaceId(), id);
            return TypedResults.LocalRedirect($"/customers/{Uri.EscapeDataString(id)}?confirmation={Uri.EscapeDataString(Name(outcome))}");
        }).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        return app;
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

    private static async Task<IResult> Put(HttpContext context, CairnStore store, CairnWebOptions options, string id, ConsentRequest? body)
    {
        var errors = new List<ItemError>();
        if (ConsentChange.Check(body?.Surveys, body?.EmailConfirmed, body?.PreferredChannel, body?.Language, errors) is not { } change)
        {
            return Problems.Unprocessable("Invalid consent", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        if (await store.SetCustomerConsentAsync(workspaceId, id, change, "api", AccessEndpoints.Actor(context)) is not { } after)
        {
            return NotFound(id);
        }

        // A customer who just opted in, where email needs a double opt-in, is sent the confirmation link at once.
        string? confirmation = null;
        if (change.Surveys == ConsentState.Pending && after.EmailConfirmedAt is null && (await store.ConsentPolicyAsync(workspaceId)).EmailDoubleOptIn)
        {
            confirmation = Name(await QueueConfirmationAsync(context, store, options, workspaceId, id));
        }

        return TypedResults.Ok(await ViewAsync(store, workspaceId, id) is { } view ? view with { Confirmation = confirmation } : null);
    }

    private static async Task<IResult> RequestConfirmation(HttpContext context, CairnStore store, CairnWebOptions options, string id)
    {
        var outcome = await QueueConfirmationAsync(context, store, options, context.User.WorkspaceId(), id);
        return outcome switch
        {
            ConfirmationOutcome.NotFound => NotFound(id),
            ConfirmationOutcome.NoEmail => Problems.Unprocessable("No email address", [new ItemError(0, "email", "the customer has no email address: send one with identify first")]),
            ConfirmationOutcome.AlreadyConfirmed => TypedResults.Ok(new ConfirmationResult(id, Name(outcome))),
            _ => TypedResults.Json(new ConfirmationResult(id, Name(outcome)), statusCode: StatusCodes.Status202Accepted),
        };
    }

    private static string Name(ConfirmationOutcome outcome) => outcome switch
    {
        ConfirmationOutcome.Queued => "queued",
        ConfirmationOutcome.Unsent => "unsent",
        ConfirmationOutcome.AlreadyConfirmed => "already confirmed",
        ConfirmationOutcome.NoEmail => "no email address",
        _ => "unknown customer",
    };

    /// <summary>Queues the confirmation email; the link in it is this server's <c>/c/confirm</c> page.</summary>
    public static Task<ConfirmationOutcome> QueueConfirmationAsync(HttpContext context, CairnStore store, CairnWebOptions options, long workspaceId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var origin = Origin.Of(context);
        return store.QueueEmailConfirmationAsync(workspaceId, customerId, "Please confirm your email address", token => $"""
            Hello,

            You agreed to hear from us. Please confirm that this is your email address by opening this link and pressing Confirm:

            {origin}/c/confirm?t={token}

            The link works for {CairnStore.ConfirmationLifetime.TotalDays:0} days. If you did not ask for this, ignore this message and we will not write again.
            """, options.Smtp is not null);
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
