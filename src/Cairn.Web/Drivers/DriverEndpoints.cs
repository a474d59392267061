using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Drivers;

/// <summary>Understand: what drives NPS.</summary>
public static class DriverEndpoints
{
    public static RouteGroupBuilder MapDriversApi(this RouteGroupBuilder api)
    {
        api.MapGet("/drivers", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Metrics")
            .WithName("GetKeyDrivers")
            .WithSummary("Key drivers of NPS among themes: each theme's Shapley share of the R² of NPS on the themes customers raised, its direction, and the importance-versus-performance quadrant.")
            .WithDescription("Query: from, to (UTC dates, to exclusive). One observation per NPS answer in the window; a theme counts when the answering customer raised it in the window.")
            .Produces<DriversResponse>().ProducesProblem(400);
        return api;
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, string? from, string? to)
    {
        var query = MetricEndpoints.Parse("nps", null, null, from, to, null, null, null, out var problem);
        return query is null ? problem! : TypedResults.Ok(await DriverService.ThemesAsync(store, context.User.WorkspaceId(), query.From, query.To));
    }
}
