using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Strategy;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Cairn.Web.Initiatives;
using Cairn.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Strategy;

/// <summary><c>PUT /api/v1/strategy</c>: the whole written strategy.</summary>
public sealed record StrategyRequest(string? Vision, string? Promise, string? Grounded, string? Differentiated, string? Achievable, string? NorthStar, double? NorthStarTarget, string? TargetDate);

/// <summary>An initiative on the roadmap with its milestones and its return.</summary>
public sealed record RoadmapItem(long Id, string Title, string Owner, string Status, DateTime? StartDate, DateTime? LaunchedAt, DateTime? DueDate, bool Overdue, RoiEstimate Roi);

/// <summary>The North Star: its metric, target, and the last twelve months with intervals.</summary>
public sealed record NorthStarView(string Metric, string Title, double? Target, DateTime? TargetDate, double? Latest, IReadOnlyList<SliceResponse> Months);

/// <summary><c>GET /api/v1/strategy</c>: the CX strategy cockpit.</summary>
public sealed record Cockpit(StrategyRow Strategy, NorthStarView NorthStar, IReadOnlyList<StageOwnerRow> StageOwners, LoyaltyEconomics Economics, IReadOnlyList<RoadmapItem> Roadmap)
{
    /// <summary>The saved insights linked as evidence for each test (grounded, differentiated, achievable).</summary>
    public IReadOnlyList<StrategyEvidenceRow> Evidence { get; init; } = [];
}

/// <summary>
/// The CX strategy cockpit: vision and promise with the evidence for the three tests, the North Star
/// with its target and trend, an owner per journey stage, and the roadmap of initiatives with each
/// one's ROI, estimated from its target or measured once launched.
/// </summary>
public static class StrategyEndpoints
{
    public static RouteGroupBuilder MapStrategyApi(this RouteGroupBuilder api)
    {
        var strategy = api.MapGroup("/strategy").WithTags("Strategy");
        strategy.MapGet("", (HttpContext c, CairnStore s, TimeProvider t) => CockpitAsync(s, c.User.WorkspaceId(), t.GetUtcNow().UtcDateTime))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithName("StrategyCockpit")
            .WithSummary("The CX strategy cockpit: vision, promise and the evidence for the three tests; the North Star with its target and monthly trend; owners per journey stage; the roadmap of initiatives with each one's ROI (estimated from its target, measured once launched) and the assumptions behind it.")
            .Produces<Cockpit>();
        strategy.MapPut("", Put).RequireAuthorization(CairnClaims.PlanPolicy).WithName("SetStrategy")
            .WithSummary("Writes the strategy: {vision, promise, grounded, differentiated, achievable (evidence for each test), northStar (nps, csat, ces), northStarTarget, targetDate}. Audited.")
            .Accepts<StrategyRequest>("application/json").Produces<StrategyRow>().ProducesProblem(422);
        strategy.MapPut("/stages/{stageId:long}/owner", async (HttpContext c, CairnStore s, long stageId, OwnerRequest? body) =>
                body?.Owner is { Length: > 320 } ? Problems.Unprocessable("Invalid owner", [new ItemError(0, "owner", "at most 320 characters")])
                : await s.SetStageOwnerAsync(c.User.WorkspaceId(), stageId, string.IsNullOrWhiteSpace(body?.Owner) ? null : body.Owner.Trim()) ? Results.NoContent()
                : Problems.Create(StatusCodes.Status404NotFound, "Stage not found", $"no stage {stageId} in this workspace"))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("SetStageOwner").WithSummary("Names the owner of a journey stage's experience ({\"owner\"}; empty clears it).")
            .Accepts<OwnerRequest>("application/json").Produces(204).ProducesProblem(404);
        strategy.MapPut("/evidence/{test}/{insightId:long}", (HttpContext c, CairnStore s, string test, long insightId) => EvidenceAsync(c, s, test, insightId, true))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("LinkStrategyEvidence")
            .WithSummary("Links a saved insight (its finding, metric with interval and n, and verbatims) as evidence for a test: grounded, differentiated or achievable. Audited.")
            .Produces(204).ProducesProblem(404).ProducesProblem(422);
        strategy.MapDelete("/evidence/{test}/{insightId:long}", (HttpContext c, CairnStore s, string test, long insightId) => EvidenceAsync(c, s, test, insightId, false))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("UnlinkStrategyEvidence").WithSummary("Removes an insight from a test's evidence. Audited.")
            .Produces(204).ProducesProblem(404).ProducesProblem(422);
        api.MapPut("/initiatives/{id:long}/economics", PutEconomics).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Strategy").WithName("SetInitiativeEconomics")
            .WithSummary("An initiative's cost and, optionally, how many customers it reaches (default: from its segments and touchpoints), for its ROI.")
            .Accepts<EconomicsRequest>("application/json").Produces(204).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    public static IEndpointRouteBuilder MapStrategyForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/strategy/save", async (HttpContext c, CairnStore s) =>
        {
            var f = await c.Request.ReadFormAsync();
            var request = new StrategyRequest(f["vision"], f["promise"], f["grounded"], f["differentiated"], f["achievable"], f["northStar"],
                double.TryParse(f["northStarTarget"], NumberStyles.Float, CultureInfo.InvariantCulture, out var target) ? target : null, f["targetDate"]);
            return FormRedirect.Back("/strategy", await SaveAsync(c, s, request), "saved", "strategy");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/strategy/evidence", async (HttpContext c, CairnStore s) =>
        {
            var f = await c.Request.ReadFormAsync();
            var insight = long.TryParse(f["insightId"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
            return FormRedirect.Back("/strategy", await EvidenceAsync(c, s, f["test"].ToString(), insight, f["remove"] != "1"), "saved", "1");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/strategy/stages/{stageId:long}/owner", async (HttpContext c, CairnStore s, long stageId) =>
        {
            var owner = (await c.Request.ReadFormAsync())["owner"].ToString().Trim();
            return await s.SetStageOwnerAsync(c.User.WorkspaceId(), stageId, owner.Length == 0 ? null : owner[..Math.Min(owner.Length, 320)])
                ? TypedResults.LocalRedirect("/strategy?saved=owner")
                : TypedResults.LocalRedirect("/strategy?error=" + Uri.EscapeDataString("no such stage"));
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/strategy/initiatives/{id:long}/economics", async (HttpContext c, CairnStore s, TimeProvider t, long id) =>
        {
            var f = await c.Request.ReadFormAsync();
            var request = new EconomicsRequest(double.TryParse(f["cost"], NumberStyles.Float, CultureInfo.InvariantCulture, out var cost) ? cost : null,
                long.TryParse(f["reach"], NumberStyles.None, CultureInfo.InvariantCulture, out var reach) ? reach : null);
            return FormRedirect.Back("/strategy", await EconomicsAsync(s, c.User.WorkspaceId(), id, request), "saved", "economics");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        return app;
    }

    public static async Task<Cockpit> CockpitAsync(CairnStore store, long workspaceId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var strategy = await store.StrategyAsync(workspaceId);
        var clock = await store.HealthClockAsync(workspaceId, now);
        var metric = ScoreMetric.All.FirstOrDefault(m => m.Key == strategy.NorthStar) ?? ScoreMetric.Nps;
        var monthStart = new DateTime(clock.Year, clock.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var trend = await MetricService.GetAsync(store, workspaceId, new MetricQuery(metric, null, Period.Month, monthStart.AddMonths(-11), monthStart.AddMonths(1), []), now);
        var months = trend.Slices.OrderBy(s => s.Period, StringComparer.Ordinal).ToList();
        var northStar = new NorthStarView(metric.Key, metric.Title, strategy.NorthStarTarget, strategy.TargetDate, months.LastOrDefault(s => !s.TooFew)?.Value, months);

        var economics = await store.LoyaltyEconomicsAsync(workspaceId, clock);
        var roadmap = new List<RoadmapItem>();
        foreach (var initiative in (await store.InitiativesAsync(workspaceId)).Where(i => i.Status != "cancelled"))
        {
            var described = await InitiativeService.DescribeAsync(store, workspaceId, initiative, now);
            var (cost, reach) = await store.InitiativeEconomicsAsync(workspaceId, initiative.Id);
            var people = reach ?? await store.InitiativeReachAsync(workspaceId, initiative.Id, clock);
            // The measured effect replaces the target's promise once there is one, and only for NPS,
            // which the model links to churn.
            var measured = described.Measurement is { Controlled: true, Effect: { } effect } && initiative.Metric == "nps" ? effect : (double?)null;
            var planned = initiative.Metric == "nps" && initiative.Target is { } t && initiative.Baseline is { } b ? t - b : (double?)null;
            var days = initiative.StartDate is { } s && initiative.DueDate is { } d ? (int?)(d - s).TotalDays : null;
            var roi = RoiModel.Estimate(people, measured ?? planned, measured is not null, economics, cost, days);
            if (initiative.Metric != "nps")
            {
                roi = roi with { Assumptions = [.. roi.Assumptions, $"its metric is {initiative.Metric.ToUpperInvariant()}, which the model does not turn into money: the value is not derived"] };
            }

            roadmap.Add(new RoadmapItem(initiative.Id, initiative.Title, initiative.Owner, initiative.Status, initiative.StartDate, initiative.LaunchedAt, initiative.DueDate,
                described.Overdue, roi));
        }

        var order = new[] { "in_progress", "launched", "planned", "done" };
        return new Cockpit(strategy, northStar, await store.StageOwnersAsync(workspaceId), economics,
            [.. roadmap.OrderBy(r => Array.IndexOf(order, r.Status) is var i && i < 0 ? 9 : i).ThenBy(r => r.DueDate ?? DateTime.MaxValue)])
        {
            Evidence = await store.StrategyEvidenceAsync(workspaceId),
        };
    }

    private static Task<IResult> Put(HttpContext context, CairnStore store, StrategyRequest? body) => SaveAsync(context, store, body);

    private static async Task<IResult> EvidenceAsync(HttpContext context, CairnStore store, string test, long insightId, bool linked)
    {
        var name = test.Trim().ToLowerInvariant();
        if (!CairnStore.StrategyTests.Contains(name))
        {
            return Problems.Unprocessable("Unknown test", [new ItemError(0, "test", "one of grounded, differentiated, achievable")]);
        }

        return await store.SetStrategyEvidenceAsync(context.User.WorkspaceId(), name, insightId, linked, AccessEndpoints.Actor(context))
            ? Results.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "Insight not found", $"no insight {insightId} in this workspace");
    }

    private static async Task<IResult> SaveAsync(HttpContext context, CairnStore store, StrategyRequest? body)
    {
        var errors = new List<ItemError>();
        string? Text(string? value, string field, int max = 4000)
        {
            var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (text is { Length: var n } && n > max)
            {
                errors.Add(new ItemError(0, field, $"at most {max} characters"));
            }

            return text;
        }

        var northStar = (body?.NorthStar ?? "nps").Trim().ToLowerInvariant();
        if (northStar is not ("nps" or "csat" or "ces"))
        {
            errors.Add(new ItemError(0, "northStar", "one of nps, csat, ces"));
        }

        DateTime? targetDate = null;
        if (!string.IsNullOrWhiteSpace(body?.TargetDate))
        {
            if (DateTime.TryParseExact(body.TargetDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                targetDate = date;
            }
            else
            {
                errors.Add(new ItemError(0, "targetDate", "a date such as 2027-06-30"));
            }
        }

        if (body?.NorthStarTarget is { } target && (double.IsNaN(target) || target is < -100 or > 100))
        {
            errors.Add(new ItemError(0, "northStarTarget", "a value on the metric's scale (-100 to 100 for NPS)"));
        }

        var row = new StrategyRow(Text(body?.Vision, "vision"), Text(body?.Promise, "promise"), Text(body?.Grounded, "grounded"), Text(body?.Differentiated, "differentiated"),
            Text(body?.Achievable, "achievable"), northStar, body?.NorthStarTarget, targetDate, null, null);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid strategy", errors);
        }

        await store.SaveStrategyAsync(context.User.WorkspaceId(), row, AccessEndpoints.Actor(context));
        return TypedResults.Ok(await store.StrategyAsync(context.User.WorkspaceId()));
    }

    private static async Task<IResult> PutEconomics(HttpContext context, CairnStore store, long id, EconomicsRequest? body) =>
        await EconomicsAsync(store, context.User.WorkspaceId(), id, body);

    private static async Task<IResult> EconomicsAsync(CairnStore store, long workspaceId, long id, EconomicsRequest? body)
    {
        var errors = new List<ItemError>();
        if (body?.Cost is { } cost && (double.IsNaN(cost) || cost is < 0 or > 1e12))
        {
            errors.Add(new ItemError(0, "cost", "0 or more, in the workspace's currency"));
        }

        if (body?.Reach is < 0 or > 1_000_000_000)
        {
            errors.Add(new ItemError(0, "reach", "a number of customers, 0 or more"));
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid economics", errors);
        }

        if ((await store.InitiativesAsync(workspaceId)).All(i => i.Id != id))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Initiative not found", $"no initiative {id} in this workspace");
        }

        await store.SetInitiativeEconomicsAsync(workspaceId, id, body?.Cost, body?.Reach);
        return Results.NoContent();
    }
}

/// <summary><c>PUT /api/v1/strategy/stages/{stageId}/owner</c>.</summary>
public sealed record OwnerRequest(string? Owner);

/// <summary><c>PUT /api/v1/initiatives/{id}/economics</c>.</summary>
public sealed record EconomicsRequest(double? Cost, long? Reach);
