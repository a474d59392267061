using System.Globalization;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary>A customer's health as shown: the score, its band and moment, and every input's points.</summary>
public sealed record HealthView(
    string CustomerId, DateTime AsOf, double Score, string Band, string? Moment, string? MomentMeans, double? MonthlyRevenue, long? OpenOutreachCase,
    IReadOnlyList<HealthContribution> Contributions)
{
    public static HealthView Of(CustomerHealthRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var assessed = HealthModel.Assess(row.Inputs, row.AsOf); // the explanation is recomputed from the stored inputs, so it cannot disagree with the score
        return new HealthView(row.Inputs.CustomerId, row.AsOf, row.Score, row.Band, row.Moment, assessed.Moment?.Describe(), row.Inputs.MonthlyRevenue,
            row.OpenOutreachCase, assessed.Contributions);
    }
}

/// <summary><c>GET /api/v1/health/at-risk</c>: a page of the at-risk list and its length.</summary>
public sealed record AtRiskPage(long Total, IReadOnlyList<HealthView> Customers);

/// <summary><c>POST /api/v1/health/outreach</c>.</summary>
public sealed record OutreachRequest(IReadOnlyList<string>? CustomerIds, string? Owner, int? SlaHours);

/// <summary>The outreach cases opened; customers named but not listed or already in outreach open none.</summary>
public sealed record OutreachResponse(IReadOnlyList<long> Opened, int Skipped);

/// <summary>
/// Customer health and risk: the at-risk list at its high-risk moments, proactive outreach cases
/// from it, recomputation, and the backtest that says how far to trust the score.
/// </summary>
public static class HealthEndpoints
{
    public const int MaxOutreach = 500;

    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        var health = api.MapGroup("/health").WithTags("Customer health");
        health.MapGet("/at-risk", AtRisk).RequireAuthorization(CairnClaims.ReadPolicy).WithName("AtRiskCustomers")
            .WithSummary("Customers at risk, or on watch at a high-risk moment (after_failed_contact, before_renewal, early_onboarding), lowest score first, each with the points every input gave; moment, limit (1-500, default 50) and offset narrow it.")
            .Produces<AtRiskPage>().ProducesProblem(400);
        health.MapPost("/outreach", Outreach).RequireAuthorization(CairnClaims.CaseWorkPolicy).WithName("OpenOutreachCases")
            .WithSummary("Opens a proactive-outreach case for each customer named who is on the at-risk list and has none open (up to 500; owner and slaHours, default 72, optional).")
            .Accepts<OutreachRequest>("application/json").Produces<OutreachResponse>().ProducesProblem(422);
        health.MapPost("/recompute", Recompute).RequireAuthorization(CairnClaims.AdminPolicy).WithName("RecomputeHealth")
            .WithSummary("Recomputes every active customer's health as of now, or of the newest event when that is earlier (a background job also does, every few hours).").Produces<HealthRecomputation>();
        health.MapGet("/validation", Validation).RequireAuthorization(CairnClaims.ReadPolicy).WithName("ValidateHealth")
            .WithSummary("Backtest: health as computed at a past cut-off (default: horizonDays before now, or before the newest event when that is earlier) against who really left in the horizonDays (30-365, default 90) after: AUC with its interval, churn of the at-risk list and its lift.")
            .Produces<HealthValidationReport>().ProducesProblem(400);
        health.MapGet("/leading-indicators", LeadingIndicatorsAsync).RequireAuthorization(CairnClaims.ReadPolicy).WithName("LeadingIndicators")
            .WithSummary("Which signals precede churn: customers read as at a past cut-off (as for validation), each signal (support contacts, a detractor score, high effort, dissatisfaction, negative words, falling usage, returns, a renewal due, onboarding) with churn in the horizon with and without it, lift and 95% interval, strongest first.")
            .Produces<LeadingIndicatorReport>().ProducesProblem(400);
        return api;
    }

    public static IEndpointRouteBuilder MapHealthForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/customers/at-risk/outreach", async (HttpContext c, CairnStore s, TimeProvider t) =>
        {
            var form = await c.Request.ReadFormAsync();
            var ids = form["customer"].OfType<string>().ToList();
            var result = await OpenAsync(s, c.User.WorkspaceId(), new OutreachRequest(ids, NullIfBlank(form["owner"]), null), t.GetUtcNow().UtcDateTime);
            return result.Response is { } done
                ? TypedResults.LocalRedirect($"/customers/at-risk?opened={done.Opened.Count.ToString(CultureInfo.InvariantCulture)}")
                : FormRedirect.Back("/customers/at-risk", result.Problem!, "opened", "0");
        }).RequireAuthorization(CairnClaims.CaseWorkPolicy).ExcludeFromDescription();
        return app;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The stored health of one customer, for the 360 view; null before the first computation.</summary>
    public static async Task<HealthView?> OfCustomerAsync(CairnStore store, long workspaceId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.CustomerHealthAsync(workspaceId, customerId) is { } row ? HealthView.Of(row) : null;
    }

    public static async Task<(AtRiskPage? Page, IResult? Problem)> AtRiskAsync(CairnStore store, long workspaceId, string? moment, string? limit, string? offset)
    {
        ArgumentNullException.ThrowIfNull(store);
        var errors = new List<ItemError>();
        RiskMoment? narrowed = null;
        if (!string.IsNullOrWhiteSpace(moment) && (narrowed = HealthModel.ParseMoment(moment)) is null)
        {
            errors.Add(new ItemError(0, "moment", $"one of {string.Join(", ", Enum.GetValues<RiskMoment>().Select(m => m.Name()))}"));
        }

        var size = QueryNumbers.Whole(limit, 50, 1, 500, "limit", errors);
        var skip = QueryNumbers.Whole(offset, 0, 0, int.MaxValue, "offset", errors);
        if (errors.Count > 0)
        {
            return (null, Problems.BadParameters("Invalid query", errors));
        }

        var (rows, total) = await store.AtRiskAsync(workspaceId, narrowed, size, skip);
        return (new AtRiskPage(total, [.. rows.Select(HealthView.Of)]), null);
    }

    private static async Task<IResult> AtRisk(HttpContext context, CairnStore store, string? moment, string? limit, string? offset)
    {
        var (page, problem) = await AtRiskAsync(store, context.User.WorkspaceId(), moment, limit, offset);
        return problem ?? TypedResults.Ok(page);
    }

    private static async Task<(OutreachResponse? Response, IResult? Problem)> OpenAsync(CairnStore store, long workspaceId, OutreachRequest? body, DateTime now)
    {
        var errors = new List<ItemError>();
        var ids = body?.CustomerIds?.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (ids.Count is 0 or > MaxOutreach)
        {
            errors.Add(new ItemError(0, "customerIds", $"1 to {MaxOutreach} customer ids from the at-risk list"));
        }

        if (body?.Owner is { Length: > 320 })
        {
            errors.Add(new ItemError(0, "owner", "at most 320 characters"));
        }

        var sla = body?.SlaHours ?? 72;
        if (sla is < 1 or > 24 * 90)
        {
            errors.Add(new ItemError(0, "slaHours", "1 to 2160 hours"));
        }

        if (errors.Count > 0)
        {
            return (null, Problems.Unprocessable("Invalid outreach request", errors));
        }

        var opened = await store.OpenOutreachCasesAsync(workspaceId, ids, body!.Owner?.Trim(), sla, now);
        return (new OutreachResponse(opened, ids.Count - opened.Count), null);
    }

    private static async Task<IResult> Outreach(HttpContext context, CairnStore store, TimeProvider time, OutreachRequest? body)
    {
        var (response, problem) = await OpenAsync(store, context.User.WorkspaceId(), body, time.GetUtcNow().UtcDateTime);
        return problem ?? TypedResults.Ok(response);
    }

    private static async Task<IResult> Recompute(HttpContext context, CairnStore store, TimeProvider time)
    {
        var workspaceId = context.User.WorkspaceId();
        return TypedResults.Ok(await store.RecomputeHealthAsync(workspaceId, await store.HealthClockAsync(workspaceId, time.GetUtcNow().UtcDateTime)));
    }

    private static async Task<IResult> Validation(HttpContext context, CairnStore store, TimeProvider time, string? horizonDays, string? cutOff)
    {
        var (at, horizon, problem) = await BacktestAsync(context, store, time, horizonDays, cutOff);
        return problem ?? TypedResults.Ok(await store.ValidateHealthAsync(context.User.WorkspaceId(), at, horizon));
    }

    private static async Task<IResult> LeadingIndicatorsAsync(HttpContext context, CairnStore store, TimeProvider time, string? horizonDays, string? cutOff)
    {
        var (at, horizon, problem) = await BacktestAsync(context, store, time, horizonDays, cutOff);
        return problem ?? TypedResults.Ok(await store.LeadingIndicatorsAsync(context.User.WorkspaceId(), at, horizon));
    }

    /// <summary>The backtest's cut-off and horizon: by default the horizon before now (or before the newest event when that is earlier).</summary>
    public static async Task<(DateTime CutOff, int Horizon, IResult? Problem)> BacktestAsync(HttpContext context, CairnStore store, TimeProvider time, string? horizonDays, string? cutOff)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var errors = new List<ItemError>();
        var horizon = QueryNumbers.Whole(horizonDays, 90, 30, 365, "horizonDays", errors);
        var now = await store.HealthClockAsync(context.User.WorkspaceId(), time.GetUtcNow().UtcDateTime);
        var at = now.AddDays(-horizon);
        if (!string.IsNullOrWhiteSpace(cutOff))
        {
            if (DateTime.TryParse(cutOff, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) && parsed.AddDays(horizon) <= now)
            {
                at = parsed;
            }
            else
            {
                errors.Add(new ItemError(0, "cutOff", "an ISO 8601 date at least horizonDays in the past, so that who left after it is known"));
            }
        }

        return (at, horizon, errors.Count > 0 ? Problems.BadParameters("Invalid query", errors) : null);
    }
}
