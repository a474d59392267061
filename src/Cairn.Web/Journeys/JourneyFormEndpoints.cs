using System.Globalization;
using Cairn.Core.Journeys;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Journeys;

/// <summary>
/// The journey page's form posts (anti-forgery checked, admins only; downloads are
/// <see cref="JourneyMapExport"/>'s). Each
/// post answers with a redirect back to the page, so a reload never posts twice.
/// </summary>
public static class JourneyFormEndpoints
{
    public static void MapJourneyForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/journeys/{id:long}/pain-points", Decide).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/journeys/{id:long}/future", DraftFuture).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/journeys/{id:long}/edit", Edit).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
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
        return await JourneyEndpoints.DraftFutureAsync(store, context.User.WorkspaceId(), id) is { } created
            ? TypedResults.Redirect($"/journeys/{created}?drafted={id}")
            : TypedResults.NotFound();
    }

    /// <summary>
    /// The editor's post: stages and touchpoints as numbered fields (stage0.name, stage0.tp1.events…),
    /// empty names and ticked "remove" boxes dropped. The result is checked by the same rules as an
    /// imported JSON definition, so the page and the API cannot disagree about what a map may be.
    /// </summary>
    private static async Task<IResult> Edit(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        string? Field(string key) => form[key].ToString().Trim() is { Length: > 0 } v ? v : null;
        var stages = new List<StageDefinition>();
        for (var i = 0; form.ContainsKey($"stage{i}.name"); i++)
        {
            var prefix = $"stage{i}";
            var touchpoints = new List<TouchpointDefinition>();
            for (var j = 0; form.ContainsKey($"{prefix}.tp{j}.name"); j++)
            {
                var t = $"{prefix}.tp{j}";
                if (Field($"{t}.name") is { } name && form[$"{t}.remove"] != "1")
                {
                    var events = (Field($"{t}.events") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    touchpoints.Add(new TouchpointDefinition(name, Field($"{t}.channel"), form[$"{t}.mot"] == "1", Field($"{t}.owner"), events));
                }
            }

            if (Field($"{prefix}.name") is { } stageName && form[$"{prefix}.remove"] != "1")
            {
                stages.Add(new StageDefinition(stageName, Field($"{prefix}.goal"), Field($"{prefix}.expectations"), touchpoints) { Actions = Field($"{prefix}.actions") });
            }
        }

        var problems = new List<string>();
        var definition = JourneyJson.Import(JourneyJson.Export(new JourneyDefinition(Field("name") ?? "", null, Field("scope"), Field("purpose"), JourneyState.Future, stages)), problems);
        var workspaceId = context.User.WorkspaceId();
        if (definition is null)
        {
            return TypedResults.Redirect($"/journeys/{id}/edit?error=" + Uri.EscapeDataString(string.Join("; ", problems)));
        }

        if (await store.JourneyAsync(workspaceId, id) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        if (stored.State != "current")
        {
            return await store.ReplaceFutureJourneyAsync(workspaceId, id, definition with { PersonaId = stored.PersonaId }) switch
            {
                JourneyEditOutcome.NotFound => TypedResults.NotFound(),
                _ => TypedResults.Redirect($"/journeys/{id}/compare?saved=1"),
            };
        }

        var edit = await store.ReplaceCurrentJourneyAsync(workspaceId, id, definition with { PersonaId = stored.PersonaId, State = JourneyState.Current });
        return edit.Outcome switch
        {
            JourneyEditOutcome.NotFound => TypedResults.NotFound(),
            JourneyEditOutcome.InUse => TypedResults.Redirect($"/journeys/{id}/edit?error=" + Uri.EscapeDataString("Not saved: the edit drops what data is placed on: " + string.Join("; ", edit.InUse))),
            _ => TypedResults.Redirect($"/journeys/{id}?saved=" + Uri.EscapeDataString($"Saved; {edit.EventsRemapped:N0} stored events were mapped again")),
        };
    }
}
