using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Metrics;

/// <summary>Understand: NPS, CSAT and CES with intervals, sliced, over time, against benchmarks.</summary>
public static class MetricEndpoints
{
    public static RouteGroupBuilder MapMetricsApi(this RouteGroupBuilder api)
    {
        api.MapClvApi();
        api.MapGet("/metrics/{metric}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Metrics")
            .WithName("GetMetric")
            .WithSummary("A metric (nps, csat, ces, sentiment, churn) with its 95% interval and n, optionally sliced by a dimension and/or period, with the change between periods and benchmark gaps.")
            .WithDescription("Query: by = segment|persona|plan|region|channel|touchpoint|stage|survey (or a period); period = day|week|month|quarter; from, to = dates (UTC, to exclusive; churn defaults to the twelve complete months before today); filter = dimension:value pairs joined by commas; level = confidence (default 0.95); minN = fewest answers to state a value (default 30).")
            .Produces<MetricResponse>().ProducesProblem(400);
        api.MapGet("/benchmarks/competitive", Competitive).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Metrics")
            .WithName("GetCompetitiveBenchmark")
            .WithSummary("Review ratings (stars of 5) of us and of each competitor, with 95% intervals, the share of 4-5 star reviews, and whether each competitor's gap to us is real.")
            .Produces<CompetitiveResponse>().ProducesProblem(400);
        return api;
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, TimeProvider time, string metric, string? by, string? period, string? from, string? to, string? filter, string? level, string? minN)
    {
        var query = Parse(metric, by, period, from, to, filter, level, minN, out var problem);
        if (query is null)
        {
            return problem!;
        }

        return TypedResults.Ok(await MetricService.GetAsync(store, context.User.WorkspaceId(), query, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<IResult> Competitive(HttpContext context, CairnStore store, string? from, string? to)
    {
        var query = Parse("nps", null, null, from, to, null, null, null, out var problem);
        if (query is null)
        {
            return problem!;
        }

        return TypedResults.Ok(await MetricService.CompetitiveAsync(store, context.User.WorkspaceId(), query.From, query.To));
    }

    internal static MetricQuery? Parse(string metric, string? by, string? period, string? from, string? to, string? filter, string? level, string? minN, out IResult? problem)
    {
        var errors = new List<ItemError>();
        var query = MetricQuery.Parse(metric, by, period, from, to, filter, level, minN, errors);
        problem = query is null ? Problems.BadParameters("Invalid metric query", errors) : null;
        return query;
    }
}
