using System.Globalization;
using Cairn.Core.Journeys;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Journeys;

/// <summary>
/// The journey page's form posts (anti-forgery checked, admins only) and its SVG download. Each
/// post answers with a redirect back to the page, so a reload never posts twice.
/// </summary>
public static class JourneyFormEndpoints
{
    public static void MapJourneyForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/journeys/{id:long}/map.svg", Svg).RequireAuthorization(CairnClaims.ReadPolicy).ExcludeFromDescription();
        app.MapPost("/journeys/{id:long}/pain-points", Decide).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/journeys/{id:long}/future", DraftFuture).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
    }

    /// <summary>The map as a standalone SVG file (for a slide, or to print).</summary>
    private static async Task<IResult> Svg(HttpContext context, CairnStore store, long id)
    {
        var map = await JourneyMapService.MapAsync(store, context.User.WorkspaceId(), id, null, null);
        if (map is null)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"journey-{id.ToString(CultureInfo.InvariantCulture)}.svg\"";
        return TypedResults.Text(JourneyMapSvg.Render(map), "image/svg+xml");
    }

    private static async Task<IResult> Decide(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var workspaceId = context.User.WorkspaceId();
        var journey = await store.JourneyAsync(workspaceId, id);
        if (journey is null)
        {
            return TypedResults.NotFound();
        }

        var status = form["status"].ToString();
        var title = form["title"].ToString().Trim();
        long? touchpoint = long.TryParse(form["touchpointId"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
        if (status is not ("accepted" or "dismissed") || title.Length is 0 or > JourneyJson.MaxText
            || (touchpoint is { } tp && !journey.Stages.SelectMany(s => s.Touchpoints).Any(x => x.Id == tp)))
        {
            return TypedResults.Redirect($"/journeys/{id}?error=" + Uri.EscapeDataString("a pain point needs a title, a touchpoint of this journey and a decision"));
        }

        var rule = form["rule"].ToString() is { Length: > 0 and <= 100 } r ? r : null;
        var evidence = form["evidence"].ToString() is { Length: > 0 } e ? System.Text.Json.JsonSerializer.Serialize(new { text = e[..Math.Min(e.Length, 4_000)] }) : null;
        var owner = form["owner"].ToString().Trim() is { Length: > 0 and <= 200 } o ? o : null;
        await store.DecidePainPointAsync(workspaceId, id, touchpoint, rule, title, form["description"].ToString() is { Length: > 0 and <= 4_000 } d ? d : null,
            status, owner, evidence, context.User.Identity?.Name ?? "web");
        return TypedResults.Redirect($"/journeys/{id}?saved=1#pain-points");
    }

    /// <summary>Copies a journey into a new future-state draft (same stages and touchpoints) for the analyst to reshape.</summary>
    private static async Task<IResult> DraftFuture(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        _ = form; // a form post, so anti-forgery applies
        var workspaceId = context.User.WorkspaceId();
        var journey = await store.JourneyAsync(workspaceId, id);
        if (journey is null)
        {
            return TypedResults.NotFound();
        }

        var definition = journey.ToDefinition() with { Name = journey.Name + " (future state)", State = JourneyState.Future };
        var created = await Task.Run(() => store.CreateJourney(workspaceId, definition));
        return TypedResults.Redirect($"/journeys/{created}?drafted={id}");
    }
}
