using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Journeys.Paths;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Journeys;

/// <summary>Understand: journey maps filled with data, paths, funnels; the map definitions themselves.</summary>
public static class JourneyEndpoints
{
    public static RouteGroupBuilder MapJourneysApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journeys", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("ListJourneys").WithSummary("The workspace's journey maps: name, persona, state (current or future), version, size.")
            .Produces<IReadOnlyList<JourneySummary>>();
        api.MapPost("/journeys", Create).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Journeys")
            .WithName("CreateJourney")
            .WithSummary("Creates a journey from its JSON definition (the shape GET /journeys/{id} returns); already stored events are mapped to its touchpoints.")
            .Accepts<object>("application/json").Produces(201).ProducesProblem(400);
        api.MapGet("/journeys/{id:long}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("GetJourney").WithSummary("The journey's definition as JSON (stages, goals, touchpoints with channel, owner, moment of truth and event rules): export it, edit it, POST it back.")
            .Produces<object>().ProducesProblem(404);
        api.MapPut("/journeys/{id:long}", Replace).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Journeys")
            .WithName("ReplaceJourney")
            .WithSummary("Rewrites a future-state map from its JSON definition (the shape GET returns); its version goes up. 409 for a current-state map, which is the lens today's data was mapped through: draft a future state to redesign it.")
            .Accepts<object>("application/json").Produces(204).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/journeys/{id:long}/future", Draft).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Journeys")
            .WithName("DraftFutureState").WithSummary("Copies a map into a new future-state draft (same stages, touchpoints and event rules) that remembers where it came from; 201 with its id.")
            .Produces(201).ProducesProblem(404);
        api.MapGet("/journeys/{id:long}/diff", Diff).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("DiffJourneys")
            .WithSummary("This map against another (with=ID; default: the map a future state was drafted from): stages and touchpoints added, removed, changed (each change in words) or the same.")
            .Produces<JourneyDiffResponse>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/journeys/{id:long}/map", Map).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("GetJourneyMap")
            .WithSummary("The map filled with data: per touchpoint volume, NPS/CSAT/CES and sentiment with intervals, top themes, share of paths ending there, churn and detractor lift; per stage the emotional curve; pain points suggested by the data merged with the analyst's decisions.")
            .WithDescription("Query: from, to (UTC dates, to exclusive).")
            .Produces<JourneyMapResponse>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/journeys/{id:long}/paths", Paths).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("GetJourneyPaths")
            .WithSummary("Directly-follows graph (counts, median seconds), top path variants, stage-to-stage times and the touchpoints and transitions that precede churn or a detractor score (lift with 95% interval).")
            .WithDescription("Query: level = touchpoint (default) | stage | event; collapse = true|false (consecutive repeats count once; default true above the event level); top (variants, default 10, at most 100); outcome = churn (default) | detractor; from, to.")
            .Produces<PathsResponse>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/journeys/{id:long}/flow", Flow).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("GetJourneyFlow")
            .WithSummary("The Sankey of paths: customers flowing from each step of their path to the next by position (step 1 → 2 …), each path's end marked churned or still a customer, and paths longer than shown marked 'more steps'.")
            .WithDescription("Query: level = stage (default) | touchpoint | event; steps = how many positions to show (2-10, default 5); from, to. Consecutive repeats count once above the event level.")
            .Produces<PathFlow>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/journeys/{id:long}/funnel", Funnel).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys")
            .WithName("GetJourneyFunnel")
            .WithSummary("An ordered funnel between any touchpoints (or stages, or events) with a conversion window and optional steps: reached, conversion, drop-off and median time per step.")
            .WithDescription("Query: steps = comma-separated names, an optional step ends with '?' (e.g. steps=Website visit,Pre-sales chat?,Online checkout); window = 30d (default), 12h, 45m; level = touchpoint (default) | stage | event; from, to.")
            .Produces<FunnelResult>().ProducesProblem(400).ProducesProblem(404);
        api.MapPost("/journeys/{id:long}/pain-points", DecidePainPoint).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Journeys")
            .WithName("DecidePainPoint")
            .WithSummary("Accepts or dismisses a pain point the data suggested (give its touchpointId and rule), or records one an analyst found (no rule).")
            .Accepts<PainPointRequest>("application/json").Produces(200).ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Journey not found", $"no journey {id} in this workspace");

    private static async Task<IResult> List(HttpContext context, CairnStore store) =>
        TypedResults.Ok(await store.JourneysAsync(context.User.WorkspaceId()));

    private static async Task<IResult> Get(HttpContext context, CairnStore store, long id) =>
        await store.JourneyAsync(context.User.WorkspaceId(), id) is { } journey
            ? TypedResults.Text(JourneyJson.Export(journey.ToDefinition()), "application/json")
            : NotFound(id);

    private static async Task<IResult> Create(HttpContext context, CairnStore store, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var problems = new List<string>();
        var definition = JourneyJson.Import(text, problems);
        if (definition is null)
        {
            return Problems.BadDefinition("Invalid journey", problems);
        }

        var workspaceId = context.User.WorkspaceId();
        var id = await Task.Run(() => store.CreateJourney(workspaceId, definition), cancellationToken);
        return TypedResults.Created($"/api/v1/journeys/{id}", new { id });
    }

    private static async Task<IResult> Replace(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var problems = new List<string>();
        var definition = JourneyJson.Import(await reader.ReadToEndAsync(cancellationToken), problems);
        if (definition is null)
        {
            return Problems.BadDefinition("Invalid journey", problems);
        }

        var workspaceId = context.User.WorkspaceId();
        if (await store.JourneyAsync(workspaceId, id) is not { } stored)
        {
            return NotFound(id);
        }

        if (stored.State != "current")
        {
            return await store.ReplaceFutureJourneyAsync(workspaceId, id, definition with { State = JourneyState.Future }) switch
            {
                JourneyEditOutcome.NotFound => NotFound(id),
                _ => Results.NoContent(),
            };
        }

        var edit = await store.ReplaceCurrentJourneyAsync(workspaceId, id, definition with { State = JourneyState.Current });
        return edit.Outcome switch
        {
            JourneyEditOutcome.NotFound => NotFound(id),
            JourneyEditOutcome.InUse => Problems.Create(StatusCodes.Status409Conflict, "Data is placed on what this edit drops",
                $"journey {id} is a current-state map and the edit drops elements that data is placed on: {string.Join("; ", edit.InUse)}. Keep them under the same name (a rename is a drop and an add), or move that data first."),
            _ => TypedResults.Ok(new { eventsRemapped = edit.EventsRemapped }),
        };
    }

    private static async Task<IResult> Draft(HttpContext context, CairnStore store, long id) =>
        await DraftFutureAsync(store, context.User.WorkspaceId(), id) is { } created ? TypedResults.Created($"/api/v1/journeys/{created}", new { id = created }) : NotFound(id);

    /// <summary>Copies a map into a future-state draft that remembers its source; null when the map is not the workspace's.</summary>
    public static async Task<long?> DraftFutureAsync(CairnStore store, long workspaceId, long id)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.JourneyAsync(workspaceId, id) is not { } journey)
        {
            return null;
        }

        var definition = journey.ToDefinition() with { Name = journey.Name + " (future state)", State = JourneyState.Future };
        return await Task.Run(() => store.CreateJourney(workspaceId, definition, id));
    }

    private static async Task<IResult> Diff(HttpContext context, CairnStore store, long id, long? with) =>
        await DiffAsync(store, context.User.WorkspaceId(), id, with) switch
        {
            (_, { } problem) => problem,
            ({ } diff, _) => TypedResults.Ok(diff),
            _ => NotFound(id),
        };

    /// <summary>The map against another (by default its source); a problem when there is nothing to compare with.</summary>
    public static async Task<(JourneyDiffResponse? Diff, IResult? Problem)> DiffAsync(CairnStore store, long workspaceId, long id, long? with)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.JourneyAsync(workspaceId, id) is not { } journey)
        {
            return (null, null);
        }

        var otherId = with ?? journey.BasedOn;
        if (otherId is null)
        {
            return (null, Problems.BadParameters("Nothing to compare with", [new ItemError(0, "with", "the id of the map to compare with (this map was not drafted from another)")]));
        }

        if (await store.JourneyAsync(workspaceId, otherId.Value) is not { } other)
        {
            return (null, NotFound(otherId.Value));
        }

        // The older map on the left: the source of a draft, or the current state.
        var (before, after) = journey.BasedOn == other.Id || (other.State == "current" && journey.State == "future") ? (other, journey) : (journey, other);
        return (new JourneyDiffResponse(Side(before), Side(after), JourneyDiff.Compare(before.ToDefinition(), after.ToDefinition())), null);
    }

    private static JourneySide Side(StoredJourney j) => new(j.Id, j.Name, j.State, j.Version);

    private static async Task<IResult> Map(HttpContext context, CairnStore store, long id, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid map query", errors);
        }

        return await JourneyMapService.MapAsync(store, context.User.WorkspaceId(), id, start, end) is { } map ? TypedResults.Ok(map) : NotFound(id);
    }

    private static async Task<IResult> Paths(HttpContext context, CairnStore store, long id, string? level, string? collapse, string? top, string? outcome, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var pathLevel = ParseLevel(level, errors);
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        var count = 10;
        if (top is not null && (!int.TryParse(top, out count) || count is < 1 or > JourneyPathService.MaxTop))
        {
            errors.Add(new ItemError(0, "top", $"must be a whole number from 1 to {JourneyPathService.MaxTop}"));
        }

        bool? collapsed = collapse is null ? null : bool.TryParse(collapse, out var c) ? c : null;
        if (collapse is not null && collapsed is null)
        {
            errors.Add(new ItemError(0, "collapse", "must be true or false"));
        }

        var result = PathOutcome.Churn;
        if (outcome is not null && (!Enum.TryParse(outcome, true, out result) || int.TryParse(outcome, out _)))
        {
            errors.Add(new ItemError(0, "outcome", "must be churn or detractor"));
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid paths query", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        if (await store.JourneyAsync(workspaceId, id) is null)
        {
            return NotFound(id);
        }

        var scope = PathScope.Default(pathLevel, start, end);
        scope = collapsed is { } value ? scope with { CollapseRepeats = value } : scope;
        return TypedResults.Ok(await JourneyPathService.PathsAsync(store, workspaceId, id, scope, count, result));
    }

    private static async Task<IResult> Funnel(HttpContext context, CairnStore store, long id, string? steps, string? window, string? level, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var pathLevel = ParseLevel(level, errors);
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        var funnel = FunnelDefinition.Parse(pathLevel, steps, window, start, end, out var error);
        if (error is not null)
        {
            errors.Add(new ItemError(0, error.Split(':')[0], error[(error.IndexOf(':', StringComparison.Ordinal) + 2)..]));
        }

        var workspaceId = context.User.WorkspaceId();
        var journey = await store.JourneyAsync(workspaceId, id);
        if (journey is null)
        {
            return NotFound(id);
        }

        if (funnel is not null && JourneyPathService.KnownSteps(journey, pathLevel) is { } known)
        {
            foreach (var unknown in funnel.Steps.Select(s => s.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).Distinct())
            {
                errors.Add(new ItemError(0, "steps", $"'{unknown}' is not a {pathLevel.ToString().ToLowerInvariant()} of this journey; one of: {string.Join(", ", known)}"));
            }
        }

        return errors.Count > 0 ? Problems.BadParameters("Invalid funnel", errors) : TypedResults.Ok(await store.FunnelAsync(workspaceId, id, funnel!));
    }

    private static async Task<IResult> DecidePainPoint(HttpContext context, CairnStore store, long id, PainPointRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var journey = await store.JourneyAsync(workspaceId, id);
        if (journey is null)
        {
            return NotFound(id);
        }

        var errors = new List<ItemError>();
        var status = request.Status?.Trim().ToLowerInvariant() ?? "accepted";
        if (status is not ("accepted" or "dismissed"))
        {
            errors.Add(new ItemError(0, "status", "must be accepted or dismissed"));
        }

        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > JourneyJson.MaxText)
        {
            errors.Add(new ItemError(0, "title", $"is required, at most {JourneyJson.MaxText} characters"));
        }

        if (request.TouchpointId is { } tp && !journey.Stages.SelectMany(s => s.Touchpoints).Any(t => t.Id == tp))
        {
            errors.Add(new ItemError(0, "touchpointId", $"touchpoint {tp} is not in journey {id}"));
        }

        if ((request.Description?.Length ?? 0) > 4_000 || (request.Owner?.Length ?? 0) > 200 || (request.Rule?.Length ?? 0) > 100 || (request.Evidence?.Length ?? 0) > 4_000)
        {
            errors.Add(new ItemError(0, "body", "description and evidence take at most 4,000 characters, owner 200, rule 100"));
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid pain point", errors);
        }

        var evidence = request.Evidence is null ? null : System.Text.Json.JsonSerializer.Serialize(new { text = request.Evidence });
        var painPointId = await store.DecidePainPointAsync(workspaceId, id, request.TouchpointId, request.Rule?.Trim(), request.Title!.Trim(), request.Description?.Trim(),
            status, request.Owner?.Trim(), evidence, context.User.Identity?.Name ?? "api");
        return TypedResults.Ok(new { id = painPointId, status });
    }

    private static async Task<IResult> Flow(HttpContext context, CairnStore store, long id, string? level, string? steps, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var pathLevel = level is null ? PathLevel.Stage : ParseLevel(level, errors);
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        var count = 5;
        if (steps is not null && (!int.TryParse(steps, out count) || count is < 2 or > PathFlow.MaxSteps))
        {
            errors.Add(new ItemError(0, "steps", $"must be a whole number from 2 to {PathFlow.MaxSteps}"));
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid flow query", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        return await store.JourneyAsync(workspaceId, id) is null
            ? NotFound(id)
            : TypedResults.Ok(await store.PathFlowAsync(workspaceId, id, PathScope.Default(pathLevel, start, end), count));
    }

    private static PathLevel ParseLevel(string? level, List<ItemError> errors)
    {
        if (level is null)
        {
            return PathLevel.Touchpoint;
        }

        if (Enum.TryParse<PathLevel>(level, true, out var parsed) && !int.TryParse(level, out _))
        {
            return parsed;
        }

        errors.Add(new ItemError(0, "level", "must be touchpoint, stage or event"));
        return PathLevel.Touchpoint;
    }
}
