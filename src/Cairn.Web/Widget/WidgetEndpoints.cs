using System.Text.Json;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Widget;

public sealed record WidgetDecision(bool Show, string Reason, string? Link);

/// <summary>
/// <c>widget.js</c> and the one decision it asks the server for: may this customer see this survey
/// now? If so an invitation is recorded at once (channel "widget"), so the contact rules see it on
/// every other device straight away, and its personal link opens in the overlay.
/// </summary>
public static class WidgetEndpoints
{
    /// <summary>Cross-origin calls from customers' websites: any origin, the key in a header, no cookies.</summary>
    public const string CorsPolicy = "widget";

    /// <summary>A widget invitation is for now, not for later.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(1);

    public static IServiceCollection AddWidgetCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST")));

    public static void MapWidget(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        app.MapGet("/widget.js", () => Results.Text(Assets.WidgetJs, "text/javascript")).RequireCors(CorsPolicy).AllowAnonymous().ExcludeFromDescription();
        api.MapPost("/surveys/{id:long}/widget", Decide).RequireAuthorization(CairnClaims.IngestPolicy).RequireCors(CorsPolicy).RequireRateLimiting(SignInThrottle.SurveyPolicy).WithTags("Surveys")
            .WithName("WidgetDecision")
            .WithSummary("For widget.js: {\"customerId\"} → {\"show\", \"reason\", \"link\"}. Applies the survey's contact rules on the server and, when the answer is yes, records a widget invitation and returns its personal link.")
            .Produces<WidgetDecision>().ProducesProblem(404).ProducesProblem(422);
    }

    private static async Task<IResult> Decide(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        var workspace = context.User.WorkspaceId();
        var survey = await store.SurveyAsync(workspace, id);
        if (survey is null)
        {
            return Problems.SurveyNotFound(id);
        }

        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var customer = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("customerId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (string.IsNullOrEmpty(customer) || customer.Length > 200 || !await store.CustomerExistsAsync(workspace, customer))
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unknown customer", "send {\"customerId\"} of an identified customer (call cairn.identify first)");
        }

        if (survey.Status != "active")
        {
            return TypedResults.Ok(new WidgetDecision(false, "the survey is closed", null));
        }

        var (eligible, skipped) = await store.SplitByEligibilityAsync(workspace, id, [customer]);
        if (eligible.Count == 0)
        {
            return TypedResults.Ok(new WidgetDecision(false, skipped[0].Reason, null));
        }

        var (invitations, _) = await store.InviteAsync(workspace, id, eligible, "widget", store.Time.GetUtcNow().UtcDateTime.Add(LinkLifetime));
        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        return TypedResults.Ok(new WidgetDecision(true, "eligible", $"{origin}/s/{id}?t={invitations[0].Token}"));
    }
}
