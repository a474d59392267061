using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Stats;

public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Workspace")
            .WithName("GetStats").WithSummary("Counts of customers, events, feedback, surveys and responses in the caller's workspace.");
        return api;
    }

    private static async Task<Ok<WorkspaceStats>> Get(HttpContext context, CairnStore store) =>
        TypedResults.Ok(await store.GetStatsAsync(context.User.WorkspaceId()));
}
