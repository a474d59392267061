using Cairn.Core.Ingestion;
using Cairn.Core.Outbound;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Outbound;

/// <summary><c>POST /api/v1/webhooks</c>: where to send which events; private targets only when allowed.</summary>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, bool AllowPrivate = false);

/// <summary>A webhook as answered; <see cref="Secret"/> only once, when it is created.</summary>
public sealed record WebhookResponse(long Id, string Url, IReadOnlyList<string> Events, bool AllowPrivate, bool Enabled, DateTime CreatedAt, string? CreatedBy, string? Secret);

/// <summary>Alerts (metric drops, theme surges) and signed outbound webhooks with their delivery log.</summary>
public static class OutboundEndpoints
{
    public static RouteGroupBuilder MapOutboundApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", Alerts).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Alerts")
            .WithName("ListAlerts").WithSummary("Alerts raised, newest week first: a score metric significantly worse than the four weeks before, or a theme surging.")
            .Produces<IReadOnlyList<AlertRow>>();
        api.MapPost("/alerts/sweep", Sweep).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Alerts")
            .WithName("SweepAlerts").WithSummary("Looks for this week's alerts now (the server also does it every hour); returns the alerts newly raised.")
            .Produces(200);
        api.MapGet("/webhooks", List).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Webhooks")
            .WithName("ListWebhooks").WithSummary("The workspace's webhooks (secrets are never shown again).").Produces<IReadOnlyList<WebhookResponse>>();
        api.MapPost("/webhooks", Create).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Webhooks")
            .WithName("CreateWebhook")
            .WithSummary("Subscribes a URL to response.completed, case.opened, case.status_changed and/or alert.raised. Each delivery is a POST signed with Cairn-Signature: t=…,v1=HMAC-SHA256(secret, \"t.body\"); the secret is answered once. Loopback and private targets are refused unless allowPrivate.")
            .Accepts<WebhookRequest>("application/json").Produces<WebhookResponse>(201).ProducesProblem(422);
        api.MapDelete("/webhooks/{id:long}", Delete).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Webhooks")
            .WithName("DeleteWebhook").WithSummary("Deletes a webhook; its queued deliveries stop, its log stays.").Produces(204).ProducesProblem(404);
        api.MapGet("/webhooks/{id:long}/deliveries", Deliveries).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Webhooks")
            .WithName("WebhookDeliveries").WithSummary("The delivery log, newest first: event, status (queued, delivered, dead), attempts, last answer or error, next attempt.")
            .Produces<IReadOnlyList<DeliveryRow>>().ProducesProblem(404);
        return api;
    }

    /// <summary>Checks a webhook request; the draft's URL and events, or the errors field by field.</summary>
    public static List<ItemError> Validate(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ItemError>();
        if (WebhookTarget.Problem(request.Url, request.AllowPrivate) is { } problem)
        {
            errors.Add(new ItemError(0, "url", problem));
        }

        if (request.Events is not { Count: > 0 } events || events.Any(e => !WebhookEvents.All.Contains(e)))
        {
            errors.Add(new ItemError(0, "events", "one or more of " + string.Join(", ", WebhookEvents.All)));
        }

        return errors;
    }

    private static WebhookResponse Of(WebhookRow w, string? secret = null) => new(w.Id, w.Url, w.EventList, w.AllowPrivate, w.Enabled, w.CreatedAt, w.CreatedBy, secret);

    private static async Task<IResult> Alerts(HttpContext context, CairnStore store) => TypedResults.Ok(await store.AlertsAsync(context.User.WorkspaceId()));

    private static async Task<IResult> Sweep(HttpContext context, CairnStore store) =>
        TypedResults.Ok(await AlertService.SweepAsync(store, context.User.WorkspaceId(), store.Time.GetUtcNow().UtcDateTime));

    private static async Task<IResult> List(HttpContext context, CairnStore store) =>
        TypedResults.Ok((await store.WebhooksAsync(context.User.WorkspaceId())).Select(w => Of(w)).ToList());

    private static async Task<IResult> Create(HttpContext context, CairnStore store, WebhookRequest request)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid webhook", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        var secret = WebhookSignature.NewSecret();
        var id = await store.CreateWebhookAsync(workspaceId, request.Url!.Trim(), secret, request.Events!.Distinct().ToList(), request.AllowPrivate, context.User.Identity?.Name ?? "api");
        return TypedResults.Created($"/api/v1/webhooks/{id}", Of((await store.WebhooksAsync(workspaceId)).Single(w => w.Id == id), secret));
    }

    private static async Task<IResult> Delete(HttpContext context, CairnStore store, long id) =>
        await store.DeleteWebhookAsync(context.User.WorkspaceId(), id) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> Deliveries(HttpContext context, CairnStore store, long id)
    {
        var workspaceId = context.User.WorkspaceId();
        var known = (await store.WebhooksAsync(workspaceId)).Any(w => w.Id == id);
        var log = await store.DeliveriesAsync(workspaceId, id);
        return known || log.Count > 0 ? TypedResults.Ok(log) : NotFound(id);
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Webhook not found", $"no webhook {id} in this workspace");
}
