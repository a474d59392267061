using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Priorities;

/// <summary>Act: the ranked gaps (API and the board's form post).</summary>
public static class PriorityEndpoints
{
    public static RouteGroupBuilder MapPrioritiesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/priorities", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Priorities")
            .WithName("ListPriorities")
            .WithSummary("Themes, touchpoints and accepted pain points ranked by revenue at risk (affected customers × excess voluntary churn × lifetime value) times the moment-of-truth, competitor, severity and fixability factors; each gap with its frequency, NPS gap, churn lift, competitive gap and a sentence that says why.")
            .WithDescription("Query: from, to (UTC dates; default the 365 days to today); margin (share of revenue counted as value, default 1); kind = theme | touchpoint | pain_point; limit (default 50, at most 500).")
            .Produces<PrioritiesResponse>().ProducesProblem(400);
        api.MapPut("/priorities/{key}/inputs", SaveInputs).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Priorities")
            .WithName("SetGapInputs").WithSummary("Sets an analyst's severity and fixability (1-5; 3 is neutral) and the owner (a workspace member's email) of a gap; null clears one.")
            .Accepts<GapInputsRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    public static void MapPriorityForms(this IEndpointRouteBuilder app) =>
        app.MapPost("/priorities/inputs", SaveForm).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();

    private static async Task<IResult> List(HttpContext context, CairnStore store, string? from, string? to, string? margin, string? kind, string? limit)
    {
        var errors = new List<ItemError>();
        var query = PriorityService.Read(from, to, margin, kind, limit, store.Time.GetUtcNow().UtcDateTime, errors);
        return errors.Count > 0
            ? Problems.BadParameters("Invalid priorities query", errors)
            : TypedResults.Ok(await PriorityService.RankAsync(store, context.User.WorkspaceId(), query));
    }

    private static async Task<IResult> SaveInputs(HttpContext context, CairnStore store, string key, GapInputsRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (inputs, errors, found) = await PriorityService.ValidateAsync(store, workspaceId, key, request);
        if (!found)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Gap not found", $"no theme, touchpoint or accepted pain point '{key}' in this workspace");
        }

        if (inputs is null)
        {
            return Problems.Unprocessable("Invalid gap inputs", errors);
        }

        await store.SaveGapInputsAsync(workspaceId, key, inputs, context.User.Identity?.Name ?? "api");
        return TypedResults.Ok(new { key, inputs.Severity, inputs.Fixability, inputs.Owner });
    }

    private static async Task<IResult> SaveForm(HttpContext context, CairnStore store, IFormCollection form)
    {
        static int? Number(string? text) => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        var key = form["key"].ToString();
        var back = "/priorities" + (form["query"].ToString() is { Length: > 0 } q && q.StartsWith('?') ? q + "&" : "?");
        var (inputs, errors, found) = await PriorityService.ValidateAsync(store, context.User.WorkspaceId(), key,
            new GapInputsRequest(Number(form["severity"]), Number(form["fixability"]), form["owner"]));
        if (!found || inputs is null)
        {
            var message = found ? string.Join("; ", errors.Select(e => e.Message)) : "that gap no longer exists";
            return TypedResults.Redirect(back + "error=" + Uri.EscapeDataString(message));
        }

        await store.SaveGapInputsAsync(context.User.WorkspaceId(), key, inputs, context.User.Identity?.Name ?? "web");
        return TypedResults.Redirect(back + "saved=" + Uri.EscapeDataString("Saved.") + "#" + Uri.EscapeDataString(key));
    }
}
