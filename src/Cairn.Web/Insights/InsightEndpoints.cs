using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Cairn.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Insights;

/// <summary><c>POST /api/v1/insights</c>.</summary>
public sealed record InsightRequest(string? Title, string? Finding, string? Metric, string? By, string? Owner, long? InitiativeId, IReadOnlyList<string>? Verbatims);

/// <summary>
/// The insights library: an analyst saves a finding with its evidence (a metric with its interval
/// and n as it stood that day, and the customers' own words), an owner and the initiative it feeds.
/// </summary>
public static class InsightEndpoints
{
    private static readonly ScoreMetric[] Metrics = [ScoreMetric.Nps, ScoreMetric.Csat, ScoreMetric.Ces, ScoreMetric.Sentiment];

    public static RouteGroupBuilder MapInsightsApi(this RouteGroupBuilder api)
    {
        var insights = api.MapGroup("/insights").WithTags("Insights");
        insights.MapGet("", (HttpContext c, CairnStore s) => s.InsightsAsync(c.User.WorkspaceId())).RequireAuthorization(CairnClaims.ReadPolicy).WithName("ListInsights")
            .WithSummary("Saved insights, newest first, each with its metric snapshot (value, interval, n), quoted verbatims still stored, owner and initiative.")
            .Produces<IReadOnlyList<InsightRow>>();
        insights.MapPost("", async (HttpContext c, CairnStore s, TimeProvider t, InsightRequest? body) => await SaveAsync(c, s, body, t.GetUtcNow().UtcDateTime))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("SaveInsight")
            .WithSummary("Saves a finding: {title, finding, metric (nps, csat, ces, sentiment; its value over the last 90 days is snapshotted), by (a slice dimension, optional), owner, initiativeId, verbatims: [feedback ids]}.")
            .Accepts<InsightRequest>("application/json").Produces(201).ProducesProblem(422);
        insights.MapDelete("/{id:long}", async (HttpContext c, CairnStore s, long id) => await s.DeleteInsightAsync(c.User.WorkspaceId(), id)
                ? Results.NoContent() : Problems.Create(StatusCodes.Status404NotFound, "Insight not found", $"no insight {id} in this workspace"))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("DeleteInsight").WithSummary("Deletes an insight.").Produces(204).ProducesProblem(404);
        return api;
    }

    public static IEndpointRouteBuilder MapInsightForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/insights/save", async (HttpContext c, CairnStore s, TimeProvider t) =>
        {
            var f = await c.Request.ReadFormAsync();
            var request = new InsightRequest(f["title"], f["finding"], string.IsNullOrWhiteSpace(f["metric"]) ? null : f["metric"].ToString(),
                string.IsNullOrWhiteSpace(f["by"]) ? null : f["by"].ToString(), f["owner"],
                long.TryParse(f["initiativeId"], NumberStyles.None, CultureInfo.InvariantCulture, out var initiative) ? initiative : null,
                [.. f["verbatims"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
            return FormRedirect.Back("/insights", await SaveAsync(c, s, request, t.GetUtcNow().UtcDateTime), "saved", "1");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The evidence as it stands: the metric over the 90 days to <paramref name="now"/> (its worst
    /// slice when sliced), so a saved finding keeps its proof after the data moves on.
    /// </summary>
    public static async Task<(double? Value, double? Low, double? High, long? N)> SnapshotAsync(CairnStore store, long workspaceId, ScoreMetric metric, Dimension? by, DateTime now)
    {
        var report = await MetricService.GetAsync(store, workspaceId, new MetricQuery(metric, by, null, now.AddDays(-90), now, []), now);
        var shown = by is null ? (report.Value, report.Low, report.High, report.N)
            : report.Slices.Where(s => !s.TooFew).OrderBy(s => s.Value).Select(s => (s.Value, s.Low, s.High, s.N)).FirstOrDefault();
        return (shown.Item1, shown.Item2, shown.Item3, shown.Item4 == 0 ? null : shown.Item4);
    }

    private static async Task<IResult> SaveAsync(HttpContext context, CairnStore store, InsightRequest? body, DateTime now)
    {
        var workspaceId = context.User.WorkspaceId();
        var errors = new List<ItemError>();
        var title = body?.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors.Add(new ItemError(0, "title", "1 to 200 characters"));
        }

        var finding = body?.Finding?.Trim();
        if (string.IsNullOrEmpty(finding) || finding.Length > 4000)
        {
            errors.Add(new ItemError(0, "finding", "1 to 4,000 characters: what was found, in words"));
        }

        var metric = body?.Metric is { } key ? Metrics.FirstOrDefault(m => string.Equals(m.Key, key.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
        if (body?.Metric is not null && metric is null)
        {
            errors.Add(new ItemError(0, "metric", "one of nps, csat, ces, sentiment"));
        }

        Dimension? by = null;
        if (body?.By is { } b)
        {
            if (Enum.TryParse<Dimension>(b, ignoreCase: true, out var d) && Enum.IsDefined(d) && !int.TryParse(b, out _))
            {
                by = d;
            }
            else
            {
                errors.Add(new ItemError(0, "by", "a dimension: segment, persona, plan, region, channel, touchpoint, stage, survey"));
            }
        }

        var verbatims = await QuotedFeedback.CheckAsync(store, workspaceId, body?.Verbatims, errors);

        if (body?.InitiativeId is { } initiative && (await store.InitiativesAsync(workspaceId)).All(i => i.Id != initiative))
        {
            errors.Add(new ItemError(0, "initiativeId", $"no initiative {initiative} in this workspace"));
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid insight", errors);
        }

        var (value, low, high, n) = metric is null ? default : await SnapshotAsync(store, workspaceId, metric, by, now);
        var id = await store.SaveInsightAsync(workspaceId, new InsightDraft(title!, finding!, metric?.Key, by?.ToString().ToLowerInvariant(), value, low, high, n,
            string.IsNullOrWhiteSpace(body?.Owner) ? null : body.Owner.Trim(), body?.InitiativeId, verbatims), AccessEndpoints.Actor(context));
        return TypedResults.Created($"/api/v1/insights/{id}", new { id });
    }
}
