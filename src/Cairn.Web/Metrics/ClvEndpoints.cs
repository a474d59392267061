using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Metrics;

/// <summary><c>GET /api/v1/metrics/clv</c>: lifetime value both ways, overall and by group, with the revenue at risk.</summary>
public sealed record ClvResponse(double Margin, DateTime AsOf, ClvFigures Overall, IReadOnlyList<ClvFigures> Slices);

/// <summary>Customer lifetime value (DOMAIN.md: (C × O) × Y, and revenue × margin ÷ churn) from the workspace's own customers, churn, purchases and health.</summary>
public static class ClvEndpoints
{
    private static readonly Dimension[] CustomerDimensions = [Dimension.Segment, Dimension.Persona, Dimension.Plan, Dimension.Region];

    public static RouteGroupBuilder MapClvApi(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics/clv", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Metrics").WithName("GetClv")
            .WithSummary("Customer lifetime value over the last year: by churn (mean monthly revenue × margin × expected months, 1 ÷ monthly churn, at most ten years) and by the seed formula (mean purchase × purchases a year × expected years, from order and invoice records), with twelve months of the at-risk list's revenue. Query: by = segment | persona | plan | region; margin = 0 to 1 (default 1: revenue).")
            .Produces<ClvResponse>().ProducesProblem(400);
        return api;
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, TimeProvider time, string? by, string? margin)
    {
        var errors = new List<ItemError>();
        Dimension? dimension = null;
        if (by is not null)
        {
            dimension = CustomerDimensions.Select(d => (Dimension?)d).FirstOrDefault(d => string.Equals(d.ToString(), by.Trim(), StringComparison.OrdinalIgnoreCase));
            if (dimension is null)
            {
                errors.Add(new ItemError(0, "by", "segment, persona, plan or region (lifetime value belongs to customers, not to a touchpoint or channel)"));
            }
        }

        var share = 1.0;
        if (margin is not null && (!double.TryParse(margin, NumberStyles.Float, CultureInfo.InvariantCulture, out share) || share is <= 0 or > 1))
        {
            errors.Add(new ItemError(0, "margin", "a share from above 0 to 1, such as 0.35"));
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid lifetime value query", errors);
        }

        var workspaceId = context.User.WorkspaceId();
        var asOf = await store.HealthClockAsync(workspaceId, time.GetUtcNow().UtcDateTime);
        var overall = (await store.ClvInputsAsync(workspaceId, null, asOf)).SingleOrDefault() ?? new ClvInputs(null, 0, null, 0, 0, 0, null, 0, 0);
        var slices = dimension is null ? [] : (await store.ClvInputsAsync(workspaceId, dimension, asOf)).Select(i => ClvFigures.From(i, share)).ToList();
        return TypedResults.Ok(new ClvResponse(share, asOf, ClvFigures.From(overall, share), slices));
    }
}
