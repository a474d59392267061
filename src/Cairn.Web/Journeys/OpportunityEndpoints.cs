using System.Globalization;
using System.Text.Json;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Cairn.Web.Insights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Journeys;

/// <summary><c>POST /api/v1/journeys/{id}/opportunities</c>.</summary>
public sealed record OpportunityRequest(long? TouchpointId, long? PainPointId, string? Title, string? Description, string? Owner, string? DueDate,
    IReadOnlyList<string>? Verbatims, string? Metric);

/// <summary>An opportunity as shown: where, what, who, by when, its status and its evidence (the quoted feedback still stored, and the metric in words).</summary>
public sealed record OpportunityView(long Id, long? TouchpointId, string? Touchpoint, long? PainPointId, string Title, string? Description, string? Owner, DateTime? DueDate,
    string Status, IReadOnlyList<string> Verbatims, string? Metric, DateTime CreatedAt, string? CreatedBy);

/// <summary>
/// Opportunities on a journey map: what could be better and where, each with an owner, a due date,
/// a status (open, planned, done, dropped) and evidence (verbatims by feedback id, a metric in
/// words), often answering a pain point. Shown on the map's opportunities lane.
/// </summary>
public static class OpportunityEndpoints
{
    public static RouteGroupBuilder MapOpportunityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journeys/{id:long}/opportunities", async (HttpContext c, CairnStore s, long id) =>
                await s.JourneyAsync(c.User.WorkspaceId(), id) is { } journey ? TypedResults.Ok(await ViewsAsync(s, c.User.WorkspaceId(), journey)) : NotFound(id))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys").WithName("ListOpportunities")
            .WithSummary("The map's opportunities: touchpoint, pain point answered, title, owner, due date, status and evidence.")
            .Produces<IReadOnlyList<OpportunityView>>().ProducesProblem(404);
        api.MapPost("/journeys/{id:long}/opportunities", (HttpContext c, CairnStore s, long id, OpportunityRequest? body) => AddAsync(c, s, id, body))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Journeys").WithName("AddOpportunity")
            .WithSummary("Adds an opportunity: {touchpointId, painPointId, title, description, owner, dueDate (yyyy-MM-dd), verbatims: [feedback ids], metric (the evidence in words)}. 422 names each refused field.")
            .Accepts<OpportunityRequest>("application/json").Produces(201).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/journeys/{id:long}/opportunities/{opportunityId:long}/status", async (HttpContext c, CairnStore s, long id, long opportunityId, StatusBody? body) =>
                await StatusAsync(c, s, id, opportunityId, body?.Status))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Journeys").WithName("SetOpportunityStatus")
            .WithSummary("Moves an opportunity to open, planned, done or dropped.").Produces(204).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    public static IEndpointRouteBuilder MapOpportunityForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/journeys/{id:long}/opportunities", async (HttpContext c, CairnStore s, long id) =>
        {
            var f = await c.Request.ReadFormAsync();
            long? Number(string key) => long.TryParse(f[key], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            string? Text(string key) => string.IsNullOrWhiteSpace(f[key]) ? null : f[key].ToString();
            var request = new OpportunityRequest(Number("touchpointId"), Number("painPointId"), Text("title"), Text("description"), Text("owner"), Text("dueDate"),
                [.. (Text("verbatims") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], Text("metric"));
            return FormRedirect.Back($"/journeys/{id}", await AddAsync(c, s, id, request), "saved", "1");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/journeys/{id:long}/opportunities/{opportunityId:long}/status", async (HttpContext c, CairnStore s, long id, long opportunityId) =>
            FormRedirect.Back($"/journeys/{id}", await StatusAsync(c, s, id, opportunityId, (await c.Request.ReadFormAsync())["status"].ToString()), "saved", "1"))
            .RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The journey's opportunities with touchpoint names and parsed evidence.</summary>
    public static async Task<IReadOnlyList<OpportunityView>> ViewsAsync(CairnStore store, long workspaceId, StoredJourney journey)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(journey);
        var touchpoints = journey.Stages.SelectMany(s => s.Touchpoints).ToDictionary(t => t.Id, t => t.Name);
        return [.. (await store.OpportunitiesAsync(workspaceId, journey.Id)).Select(o =>
        {
            var evidence = Evidence.Read(o.Evidence);
            return new OpportunityView(o.Id, o.TouchpointId, o.TouchpointId is { } t ? touchpoints.GetValueOrDefault(t) : null, o.PainPointId, o.Title, o.Description, o.Owner,
                o.DueDate, o.Status, evidence.Feedback, evidence.Metric, o.CreatedAt, o.CreatedBy);
        })];
    }

    public sealed record StatusBody(string? Status);

    private sealed record Evidence(IReadOnlyList<string> Feedback, string? Metric)
    {
        public static Evidence Read(string? json)
        {
            if (string.IsNullOrEmpty(json))
            {
                return new Evidence([], null);
            }

            var root = JsonDocument.Parse(json).RootElement;
            return new Evidence(
                root.TryGetProperty("feedback", out var f) && f.ValueKind == JsonValueKind.Array ? [.. f.EnumerateArray().Select(x => x.GetString() ?? "")] : [],
                root.TryGetProperty("metric", out var m) ? m.GetString() : null);
        }
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Journey not found", $"no journey {id} in this workspace");

    private static async Task<IResult> AddAsync(HttpContext context, CairnStore store, long id, OpportunityRequest? body)
    {
        var workspaceId = context.User.WorkspaceId();
        if (await store.JourneyAsync(workspaceId, id) is not { } journey)
        {
            return NotFound(id);
        }

        var errors = new List<ItemError>();
        var title = body?.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > JourneyJson.MaxText)
        {
            errors.Add(new ItemError(0, "title", $"1 to {JourneyJson.MaxText} characters"));
        }

        if (body?.TouchpointId is { } tp && journey.Stages.SelectMany(s => s.Touchpoints).All(t => t.Id != tp))
        {
            errors.Add(new ItemError(0, "touchpointId", $"no touchpoint {tp} on this journey"));
        }

        if (body?.PainPointId is { } pp && (await store.PainPointsAsync(workspaceId, id)).All(p => p.Id != pp))
        {
            errors.Add(new ItemError(0, "painPointId", $"no pain point {pp} on this journey (accept a suggested one first)"));
        }

        DateTime? due = null;
        if (body?.DueDate is { } text)
        {
            if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            {
                due = d;
            }
            else
            {
                errors.Add(new ItemError(0, "dueDate", "a date as yyyy-MM-dd"));
            }
        }

        var verbatims = await QuotedFeedback.CheckAsync(store, workspaceId, body?.Verbatims, errors);

        foreach (var (field, value, max) in new[] { ("description", body?.Description, 4000), ("owner", body?.Owner, 200), ("metric", body?.Metric, JourneyJson.MaxText) })
        {
            if (value is { Length: var n } && n > max)
            {
                errors.Add(new ItemError(0, field, $"at most {max} characters"));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid opportunity", errors);
        }

        var evidence = verbatims.Count == 0 && string.IsNullOrWhiteSpace(body?.Metric) ? null
            : JsonSerializer.Serialize(new { feedback = verbatims, metric = string.IsNullOrWhiteSpace(body?.Metric) ? null : body.Metric.Trim() });
        var created = await store.AddOpportunityAsync(workspaceId, id, new OpportunityDraft(body?.TouchpointId, body?.PainPointId, title!,
            string.IsNullOrWhiteSpace(body?.Description) ? null : body.Description.Trim(), string.IsNullOrWhiteSpace(body?.Owner) ? null : body.Owner.Trim(), due, evidence),
            AccessEndpoints.Actor(context));
        return TypedResults.Created($"/api/v1/journeys/{id}/opportunities/{created}", new { id = created });
    }

    private static async Task<IResult> StatusAsync(HttpContext context, CairnStore store, long id, long opportunityId, string? status)
    {
        var name = status?.Trim().ToLowerInvariant();
        if (name is null || !CairnStore.OpportunityStatuses.Contains(name))
        {
            return Problems.Unprocessable("Invalid status", [new ItemError(0, "status", "one of open, planned, done, dropped")]);
        }

        return await store.SetOpportunityStatusAsync(context.User.WorkspaceId(), id, opportunityId, name)
            ? Results.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "Opportunity not found", $"no opportunity {opportunityId} on journey {id}");
    }
}
