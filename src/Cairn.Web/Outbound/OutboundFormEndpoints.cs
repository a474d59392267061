using System.Net;
using Cairn.Core.Outbound;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Outbound;

/// <summary>The alerts page's webhook forms (admin, anti-forgery checked). The new secret is shown once, on the page the form answers with, never in a URL.</summary>
public static class OutboundFormEndpoints
{
    public static void MapOutboundForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/alerts/webhooks", Create).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/alerts/webhooks/{id:long}/delete", Delete).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
    }

    private static async Task<IResult> Create(HttpContext context, CairnStore store, IFormCollection form)
    {
        var request = new WebhookRequest(form["url"], form["events"].Where(e => !string.IsNullOrEmpty(e)).Select(e => e!).ToList(), form["allowPrivate"] == "on");
        var errors = OutboundEndpoints.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.Redirect("/alerts?error=" + Uri.EscapeDataString(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))) + "#webhooks");
        }

        var secret = WebhookSignature.NewSecret();
        await store.CreateWebhookAsync(context.User.WorkspaceId(), request.Url!.Trim(), secret, request.Events!.Distinct().ToList(), request.AllowPrivate, context.User.Identity?.Name ?? "web");
        context.Response.Headers.CacheControl = "no-store";
        var page = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Webhook created · Cairn</title><link rel="stylesheet" href="/app.css"></head>
            <body><main class="secret-page"><h1>Webhook created</h1>
            <p>Deliveries to <strong>{WebUtility.HtmlEncode(request.Url)}</strong> are signed with this secret. Copy it now: Cairn shows it only once.</p>
            <p><code class="secret">{WebUtility.HtmlEncode(secret)}</code></p>
            <p>Check each delivery's <code>Cairn-Signature: t=…,v1=…</code> header: HMAC-SHA256 with this secret over <code>t + "." + body</code>, and refuse timestamps older than five minutes.</p>
            <p><a href="/alerts#webhooks">Back to alerts and webhooks</a></p></main></body></html>
            """;
        return TypedResults.Content(page, "text/html; charset=utf-8");
    }

    private static async Task<IResult> Delete(HttpContext context, CairnStore store, long id) =>
        await store.DeleteWebhookAsync(context.User.WorkspaceId(), id) ? TypedResults.Redirect("/alerts?saved=" + Uri.EscapeDataString("Webhook deleted.") + "#webhooks") : TypedResults.NotFound();
}
