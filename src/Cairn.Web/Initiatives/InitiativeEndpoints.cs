using Cairn.Core.Ingestion;
using Cairn.Core.Initiatives;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Initiatives;

/// <summary>Act: improvement initiatives with one owner, a deadline and a success metric measured before and after launch.</summary>
public static class InitiativeEndpoints
{
    public static RouteGroupBuilder MapInitiativesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/initiatives", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Initiatives")
            .WithName("ListInitiatives").WithSummary("Every initiative with its owner, due date, status, links and, once launched, its measured effect.")
            .Produces<IReadOnlyList<InitiativeResponse>>();
        api.MapPost("/initiatives", Create).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Initiatives")
            .WithName("CreateInitiative")
            .WithSummary("Starts an initiative: title, owner (a workspace member), sponsor, success metric (nps, csat or ces) with baseline and target, dates, and whom it reaches (touchpoints, segments) and what it answers (themes, pain points, or a gapKey from the priorities board).")
            .Accepts<InitiativeRequest>("application/json").Produces(201).ProducesProblem(422);
        api.MapGet("/initiatives/{id:long}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Initiatives")
            .WithName("GetInitiative")
            .WithSummary("One initiative; once launched, its metric before and after launch for the affected customers and for the others, the difference-in-differences effect with its 95% interval and p-value, and the weekly series.")
            .Produces<InitiativeResponse>().ProducesProblem(404);
        api.MapPost("/initiatives/{id:long}/status", Move).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Initiatives")
            .WithName("MoveInitiative").WithSummary("Moves it to planned, in_progress, launched, done or cancelled; launching stamps the launch time (or launchedAt, for a launch recorded after the fact).")
            .Accepts<InitiativeStatusRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    public static void MapInitiativeForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/initiatives", CreateForm).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/initiatives/{id:long}/status", MoveForm).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
    }

    private static DateTime Now(CairnStore store) => store.Time.GetUtcNow().UtcDateTime;

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Initiative not found", $"no initiative {id} in this workspace");

    private static async Task<IResult> List(HttpContext context, CairnStore store)
    {
        var workspaceId = context.User.WorkspaceId();
        var list = new List<InitiativeResponse>();
        foreach (var initiative in await store.InitiativesAsync(workspaceId))
        {
            list.Add(await InitiativeService.DescribeAsync(store, workspaceId, initiative, Now(store)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, long id) =>
        await store.InitiativeAsync(context.User.WorkspaceId(), id) is { } initiative
            ? TypedResults.Ok(await InitiativeService.DescribeAsync(store, context.User.WorkspaceId(), initiative, Now(store)))
            : NotFound(id);

    private static async Task<IResult> Create(HttpContext context, CairnStore store, InitiativeRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (draft, errors) = await InitiativeService.ValidateAsync(store, workspaceId, request);
        if (draft is null)
        {
            return Problems.Unprocessable("Invalid initiative", errors);
        }

        var id = await store.CreateInitiativeAsync(workspaceId, draft, context.User.Identity?.Name ?? "api");
        return TypedResults.Created($"/api/v1/initiatives/{id}", await InitiativeService.DescribeAsync(store, workspaceId, (await store.InitiativeAsync(workspaceId, id))!, Now(store)));
    }

    /// <summary>Applies a status move; returns the error in words, or null, and whether the initiative exists.</summary>
    private static async Task<(bool Found, string? Error)> ApplyMoveAsync(CairnStore store, long workspaceId, long id, string? status, string? launchedAt)
    {
        if (!InitiativeStatus.IsKnown(status))
        {
            return (true, "the status is one of planned, in_progress, launched, done, cancelled");
        }

        var errors = new List<ItemError>();
        var launch = MetricQuery.ParseDate(launchedAt, "launchedAt", errors);
        if (errors.Count > 0 || (launch is not null && (status != InitiativeStatus.Launched || launch > Now(store))))
        {
            return (true, "launchedAt is a past date, given only when launching");
        }

        var found = launch is { } at ? await store.SetInitiativeLaunchAsync(workspaceId, id, at) : await store.SetInitiativeStatusAsync(workspaceId, id, status!, Now(store));
        return (found, null);
    }

    private static async Task<IResult> Move(HttpContext context, CairnStore store, long id, InitiativeStatusRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (found, error) = await ApplyMoveAsync(store, workspaceId, id, request.Status, request.LaunchedAt);
        if (error is not null)
        {
            return Problems.Unprocessable("Invalid status", [new ItemError(0, "status", error)]);
        }

        return found ? await Get(context, store, id) : NotFound(id);
    }

    private static async Task<IResult> CreateForm(HttpContext context, CairnStore store, IFormCollection form)
    {
        static double? Number(string? text) => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        static List<string> Values(Microsoft.Extensions.Primitives.StringValues values) => values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var request = new InitiativeRequest(form["title"], form["description"], form["owner"], form["sponsor"], form["metric"], Number(form["baseline"]), Number(form["target"]),
            form["startDate"], form["dueDate"], (int?)Number(form["windowDays"]), form["gapKey"], Values(form["touchpoints"]),
            form["segments"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Values(form["themes"]), null);
        var workspaceId = context.User.WorkspaceId();
        var (draft, errors) = await InitiativeService.ValidateAsync(store, workspaceId, request);
        if (draft is null)
        {
            return TypedResults.Redirect("/initiatives?error=" + Uri.EscapeDataString(string.Join("; ", errors.Select(e => e.Message))));
        }

        var id = await store.CreateInitiativeAsync(workspaceId, draft, context.User.Identity?.Name ?? "web");
        return TypedResults.Redirect($"/initiatives/{id}?saved=" + Uri.EscapeDataString("Initiative started."));
    }

    private static async Task<IResult> MoveForm(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var (found, error) = await ApplyMoveAsync(store, context.User.WorkspaceId(), id, form["status"], form["launchedAt"].ToString() is { Length: > 0 } l ? l : null);
        if (!found)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Redirect($"/initiatives/{id}?" + (error is null ? "saved=" + Uri.EscapeDataString("Status changed.") : "error=" + Uri.EscapeDataString(error)));
    }
}
