using System.Globalization;
using Cairn.Core.Cases;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Cases;

/// <summary>A page of the case inbox.</summary>
public sealed record CasesResponse(long Total, IReadOnlyList<CaseRow> Cases);

/// <summary>
/// The closed-loop figures as JSON: each rate or mean with its 95% interval (null with tooFew when
/// fewer than 10 cases stand behind it), and the counts behind them.
/// </summary>
public sealed record ClosedLoopResponse(ClosedLoopTally Tally, MetricValue? Coverage, MetricValue? Closure, MetricValue? WithinSla, MetricValue? ScoreChange, MetricValue? ImprovedShare)
{
    public static ClosedLoopResponse From(ClosedLoopReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.Tally, MetricValue.Of(report.Coverage), MetricValue.Of(report.Closure), MetricValue.Of(report.WithinSla),
            MetricValue.Of(report.ScoreChange), MetricValue.Of(report.ImprovedShare));
    }
}

/// <summary>A status move; resolving needs a root cause.</summary>
public sealed record CaseStatusRequest(string? Status, string? RootCause);

/// <summary>A new owner (a workspace member's email), or empty for none.</summary>
public sealed record CaseAssignRequest(string? Owner);

/// <summary>A note on the case.</summary>
public sealed record CaseNoteRequest(string? Text);

/// <summary>A follow-up message to the customer; <c>resurvey</c> adds a personal link to the same survey.</summary>
public sealed record FollowUpRequest(string? Subject, string? Body, bool Resurvey);

/// <summary>Act: the closed loop. Rules open cases, routes assign them, owners work them to resolution.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Cases")
            .WithName("ListCases").WithSummary("The case inbox, open cases first by SLA due time, then resolved ones by close time: customer, rule, score, touchpoint, owner, status, SLA and the customer's words.")
            .WithDescription("Query: status = new | in_progress | contacted | resolved | open (all but resolved); owner = an email, or none; overdue = true; rule = a rule id; limit (default 50, at most 500); offset.")
            .Produces<CasesResponse>().ProducesProblem(400);
        api.MapGet("/cases/metrics", Metrics).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Cases")
            .WithName("ClosedLoopMetrics")
            .WithSummary("Closed-loop figures for cases opened in [from, to): coverage of detractors, closure and in-SLA rates (Wilson 95% intervals), median hours to first action and to close, and the score change after recovery with its interval.")
            .WithDescription("Query: from, to (UTC dates; default the last 90 days).")
            .Produces<ClosedLoopResponse>().ProducesProblem(400);
        api.MapGet("/cases/{id:long}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Cases")
            .WithName("GetCase").WithSummary("One case with its history (notes, status moves, assignments, follow-ups), messages and the customer's recent scores.")
            .Produces<CaseDetail>().ProducesProblem(404);
        api.MapPost("/cases/{id:long}/status", Move).RequireAuthorization(CairnClaims.CaseWorkPolicy).WithTags("Cases")
            .WithName("MoveCase").WithSummary("Moves the case along new → in_progress → contacted → resolved (steps may be skipped; resolved may reopen to in_progress). Resolving needs rootCause.")
            .Accepts<CaseStatusRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/cases/{id:long}/assign", Assign).RequireAuthorization(CairnClaims.CaseWorkPolicy).WithTags("Cases")
            .WithName("AssignCase").WithSummary("Gives the case to a workspace member (by email), or to nobody.")
            .Accepts<CaseAssignRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/cases/{id:long}/notes", Note).RequireAuthorization(CairnClaims.CaseWorkPolicy).WithTags("Cases")
            .WithName("AddCaseNote").WithSummary("Adds a note to the case's history.")
            .Accepts<CaseNoteRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/cases/{id:long}/follow-up", FollowUp).RequireAuthorization(CairnClaims.CaseWorkPolicy).WithTags("Cases")
            .WithName("FollowUpCase")
            .WithSummary("Writes a follow-up message to the customer (stored before it is acknowledged; sent by email when SMTP is configured, else kept as unsent with the reason) and marks the case contacted. resurvey: true adds a personal link to the same survey.")
            .Accepts<FollowUpRequest>("application/json").Produces(200).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/cases/sweep", Sweep).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Cases")
            .WithName("SweepCases").WithSummary("Runs the case rules now (the server also runs them every minute); answers how many cases were opened.");
        api.MapGet("/case-rules", (HttpContext c, CairnStore s) => s.CaseRulesAsync(c.User.WorkspaceId())).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Cases")
            .WithName("ListCaseRules").WithSummary("The rules that open cases, with how many each opened and how many are open.");
        api.MapPost("/case-rules", CreateRule).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Cases")
            .WithName("CreateCaseRule")
            .WithSummary("Adds a rule such as \"nps <= 6\", \"ces >= 5 and touchpoint = 'Support call'\" or \"source = review and sentiment = negative and theme = 'Billing and price'\".")
            .WithDescription("Fields: nps, csat, ces (a score answer) or sentiment, theme, source, rating, emotion (a feedback item), narrowed by touchpoint, segment, channel, plan; comparisons joined by 'and'.")
            .Accepts<CaseRuleRequest>("application/json").Produces(201).ProducesProblem(422);
        api.MapPost("/case-rules/{id:long}/enabled", Enable).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Cases")
            .WithName("EnableCaseRule").WithSummary("Turns a rule on or off: {\"enabled\": false}.");
        api.MapGet("/case-routes", (HttpContext c, CairnStore s) => s.CaseRoutesAsync(c.User.WorkspaceId())).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Cases")
            .WithName("ListCaseRoutes").WithSummary("Who gets the cases a rule opens when the rule names no owner: the most specific route (touchpoint and segment) wins, then the touchpoint's owner.");
        api.MapPost("/case-routes", CreateRoute).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Cases")
            .WithName("CreateCaseRoute").WithSummary("Adds a route: a touchpoint name and/or a segment, and an owner's email.")
            .Accepts<CaseRouteRequest>("application/json").Produces(201).ProducesProblem(422);
        api.MapDelete("/case-routes/{id:long}", DeleteRoute).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Cases")
            .WithName("DeleteCaseRoute").WithSummary("Removes a route.");
        return api;
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Case not found", $"no case {id} in this workspace");

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "api";

    private static DateTime Now(CairnStore store) => store.Time.GetUtcNow().UtcDateTime;

    /// <summary>Reads the inbox filter from a query string; shared with the inbox page.</summary>
    public static CaseFilter ReadFilter(string? status, string? owner, string? overdue, string? rule, string? limit, string? offset, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (status is { Length: > 0 } && status != "open" && !CaseStatus.IsKnown(status))
        {
            errors.Add(new ItemError(0, "status", $"'{status}' is not a status (new, in_progress, contacted, resolved, open)"));
        }

        long? ruleId = null;
        if (rule is { Length: > 0 })
        {
            ruleId = long.TryParse(rule, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
            if (ruleId is null)
            {
                errors.Add(new ItemError(0, "rule", "a rule id is a number"));
            }
        }

        int Number(string? text, string name, int fallback, int max)
        {
            if (string.IsNullOrEmpty(text))
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max)
            {
                return n;
            }

            errors.Add(new ItemError(0, name, $"a whole number from 0 to {max:N0}"));
            return fallback;
        }

        return new CaseFilter(status is { Length: > 0 } ? status : null, owner is { Length: > 0 } ? owner : null, overdue is "true" or "1",
            ruleId, Math.Max(1, Number(limit, "limit", 50, 500)), Number(offset, "offset", 0, 10_000_000));
    }

    private static async Task<IResult> List(HttpContext context, CairnStore store, string? status, string? owner, string? overdue, string? rule, string? limit, string? offset)
    {
        var errors = new List<ItemError>();
        var filter = ReadFilter(status, owner, overdue, rule, limit, offset, errors);
        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid case filter", errors);
        }

        var (cases, total) = await store.CasesAsync(context.User.WorkspaceId(), filter, Now(store));
        return TypedResults.Ok(new CasesResponse(total, cases));
    }

    private static async Task<IResult> Metrics(HttpContext context, CairnStore store, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid period", errors);
        }

        var now = Now(store);
        var tally = await store.ClosedLoopAsync(context.User.WorkspaceId(), start ?? now.AddDays(-90), end ?? now.AddDays(1), now);
        return TypedResults.Ok(ClosedLoopResponse.From(ClosedLoopReport.From(tally)));
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, long id) =>
        await store.CaseAsync(context.User.WorkspaceId(), id) is { } detail ? TypedResults.Ok(detail) : NotFound(id);

    private static async Task<IResult> Move(HttpContext context, CairnStore store, long id, CaseStatusRequest request)
    {
        if (!CaseStatus.IsKnown(request.Status))
        {
            return Problems.Unprocessable("Invalid status", [new ItemError(0, "status", "one of new, in_progress, contacted, resolved")]);
        }

        if (request.RootCause?.Length > CaseService.MaxRootCause)
        {
            return Problems.Unprocessable("Invalid status", [new ItemError(0, "rootCause", $"at most {CaseService.MaxRootCause} characters")]);
        }

        var (outcome, reason) = await store.MoveCaseAsync(context.User.WorkspaceId(), id, request.Status!, request.RootCause?.Trim(), Actor(context), Now(store));
        return outcome switch
        {
            CaseChangeOutcome.NotFound => NotFound(id),
            CaseChangeOutcome.Refused => Problems.Create(StatusCodes.Status409Conflict, "Status change refused", reason!),
            _ => TypedResults.Ok(await store.CaseAsync(context.User.WorkspaceId(), id)),
        };
    }

    private static async Task<IResult> Assign(HttpContext context, CairnStore store, long id, CaseAssignRequest request)
    {
        var errors = new List<ItemError>();
        var owner = await Owners.CheckAsync(store, context.User.WorkspaceId(), request.Owner, errors);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid owner", errors);
        }

        return await store.AssignCaseAsync(context.User.WorkspaceId(), id, owner, Actor(context), Now(store)) == CaseChangeOutcome.NotFound
            ? NotFound(id)
            : TypedResults.Ok(await store.CaseAsync(context.User.WorkspaceId(), id));
    }

    private static async Task<IResult> Note(HttpContext context, CairnStore store, long id, CaseNoteRequest request)
    {
        var text = request.Text?.Trim() ?? "";
        if (text.Length is 0 or > CaseService.MaxNote)
        {
            return Problems.Unprocessable("Invalid note", [new ItemError(0, "text", $"a note of 1 to {CaseService.MaxNote:N0} characters")]);
        }

        return await store.AddCaseNoteAsync(context.User.WorkspaceId(), id, text, Actor(context), Now(store)) == CaseChangeOutcome.NotFound
            ? NotFound(id)
            : TypedResults.Ok(await store.CaseAsync(context.User.WorkspaceId(), id));
    }

    private static async Task<IResult> FollowUp(HttpContext context, CairnStore store, CairnWebOptions options, long id, FollowUpRequest request)
    {
        var origin = Origin.Of(context);
        var (outcome, errors) = await CaseService.FollowUpAsync(store, context.User.WorkspaceId(), id, request.Subject, request.Body, request.Resurvey,
            options.Smtp is not null, origin, Actor(context));
        return outcome switch
        {
            CaseChangeOutcome.NotFound => NotFound(id),
            CaseChangeOutcome.Refused => Problems.Unprocessable("Invalid follow-up", errors),
            _ => TypedResults.Ok(await store.CaseAsync(context.User.WorkspaceId(), id)),
        };
    }

    private static async Task<IResult> Sweep(HttpContext context, CairnStore store) =>
        TypedResults.Ok(new { opened = await store.OpenCasesAsync(context.User.WorkspaceId(), Now(store)) });

    private static async Task<IResult> CreateRule(HttpContext context, CairnStore store, CaseRuleRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (condition, name, owner, sla, since, errors) = await CaseService.ValidateRuleAsync(store, workspaceId, request);
        if (condition is null)
        {
            return Problems.Unprocessable("Invalid case rule", errors);
        }

        var id = await store.CreateCaseRuleAsync(workspaceId, name, condition, owner, sla, since, Actor(context));
        return TypedResults.Created($"/api/v1/case-rules/{id}", new { id, condition = condition.ToString() });
    }

    private static async Task<IResult> Enable(HttpContext context, CairnStore store, long id, EnabledRequest request) =>
        await store.SetCaseRuleEnabledAsync(context.User.WorkspaceId(), id, request.Enabled)
            ? TypedResults.Ok(new { id, request.Enabled })
            : Problems.Create(StatusCodes.Status404NotFound, "Rule not found", $"no case rule {id} in this workspace");

    /// <summary>Turns a rule on or off.</summary>
    public sealed record EnabledRequest(bool Enabled);

    private static async Task<IResult> CreateRoute(HttpContext context, CairnStore store, CaseRouteRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (touchpoint, segment, owner, errors) = await CaseService.ValidateRouteAsync(store, workspaceId, request);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid route", errors);
        }

        var id = await store.AddCaseRouteAsync(workspaceId, touchpoint, segment, owner);
        return TypedResults.Created($"/api/v1/case-routes/{id}", new { id });
    }

    private static async Task<IResult> DeleteRoute(HttpContext context, CairnStore store, long id) =>
        await store.DeleteCaseRouteAsync(context.User.WorkspaceId(), id)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "Route not found", $"no case route {id} in this workspace");
}
