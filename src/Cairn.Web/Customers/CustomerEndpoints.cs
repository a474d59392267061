using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary>The latest score of each kind the customer gave, and the mean sentiment of what they wrote, on the page of timeline shown.</summary>
public sealed record CustomerFeeling(IReadOnlyDictionary<string, double> LatestScores, double? MeanSentiment);

/// <summary>
/// <c>GET /api/v1/customers/{id}</c>: the 360 view: profile, counts, how the customer felt, their
/// health with each input's points (null before the first computation or once they have left), and the
/// timeline across channels (events mapped to stages and touchpoints, answers, feedback, cases),
/// newest first; <see cref="NextBefore"/> pages further back.
/// </summary>
public sealed record CustomerResponse(CustomerRow Profile, CustomerCounts Counts, CustomerFeeling Feeling, HealthView? Health, IReadOnlyList<TimelineItem> Timeline, DateTime? NextBefore);

/// <summary>Customer 360: one customer's whole story, for an agent who must see what was already asked and done.</summary>
public static class CustomerEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers", Find).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers")
            .WithName("FindCustomers").WithSummary("Customers whose id, email or name starts with q (at most 50).")
            .Produces<IReadOnlyList<CustomerRow>>().ProducesProblem(400);
        api.MapGet("/customers/{id}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers")
            .WithName("GetCustomer")
            .WithSummary("The 360 view of one customer: profile, counts, latest scores and sentiment, and the timeline across channels (events with their stage and touchpoint, survey answers, feedback with themes, cases), newest first; before and limit (1-500, default 100) page it.")
            .Produces<CustomerResponse>().ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    /// <summary>The 360 view, or null when the customer is not in the workspace.</summary>
    public static async Task<CustomerResponse?> ViewAsync(CairnStore store, long workspaceId, string id, DateTime? before, int limit)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.CustomerAsync(workspaceId, id) is not { } profile)
        {
            return null;
        }

        var read = await store.TimelineAsync(workspaceId, id, before, limit + 1); // one more than shown says whether there is an earlier page
        var timeline = read.Take(limit).ToList();
        var latest = timeline.Where(t => t.Kind == "response" && t.Score is not null && t.ScoreKind is not null)
            .GroupBy(t => t.ScoreKind!).ToDictionary(g => g.Key, g => g.First().Score!.Value, StringComparer.Ordinal);
        var sentiments = timeline.Where(t => t.Sentiment is not null).Select(t => t.Sentiment!.Value).ToList();
        var feeling = new CustomerFeeling(latest, sentiments.Count == 0 ? null : sentiments.Average());
        return new CustomerResponse(profile, await store.CustomerCountsAsync(workspaceId, id), feeling, await HealthEndpoints.OfCustomerAsync(store, workspaceId, id), timeline,
            read.Count > limit ? timeline[^1].At : null);
    }

    private static async Task<IResult> Find(HttpContext context, CairnStore store, string? q)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
        {
            return Problems.BadParameters("Invalid query", [new ItemError(0, "q", "the start of a customer id, email or name (1 to 200 characters)")]);
        }

        return TypedResults.Ok(await store.FindCustomersAsync(context.User.WorkspaceId(), q, 50));
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, string id, string? before, string? limit)
    {
        var errors = new List<ItemError>();
        DateTime? until = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            if (DateTime.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                until = parsed;
            }
            else
            {
                errors.Add(new ItemError(0, "before", "an ISO 8601 time, e.g. 2026-10-01T12:00:00Z (the nextBefore of the previous page)"));
            }
        }

        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors.Add(new ItemError(0, "limit", $"a whole number from 1 to {MaxLimit}"));
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid query", errors);
        }

        return await ViewAsync(store, context.User.WorkspaceId(), id, until, size) is { } view
            ? TypedResults.Ok(view)
            : Problems.Create(StatusCodes.Status404NotFound, "Customer not found", $"no customer '{id}' in this workspace");
    }
}
