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

/// <summary>A cohort comparison around a change: the three curves' retention at the chosen month, in words.</summary>
public sealed record ChangeComparison(DateTime From, DateTime To, int Month, IReadOnlyList<string> Verdicts);

/// <summary><c>GET /api/v1/cohorts</c>: one retention curve per group, and the change comparison when asked.</summary>
public sealed record CohortReport(string By, int Months, DateTime AsOf, IReadOnlyList<RetentionCurveResult> Curves, ChangeComparison? Change);

/// <summary>The query of a cohort report, parsed.</summary>
public sealed record CohortQuery(CohortGrouping By, int Months, DateTime? From, DateTime? To, DateTime? ChangeFrom, DateTime? ChangeTo, int CompareAt);

/// <summary>Retention curves by signup cohort or by segment, and a cohort compared before, during and after a change.</summary>
public static class CohortEndpoints
{
    public static RouteGroupBuilder MapCohortsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cohorts", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Customers").WithName("Cohorts")
            .WithSummary("Retention curves (Kaplan-Meier, share still a customer each month after signup, with 95% intervals): by = month (signup cohort, default), quarter, segment, plan, region, persona, or change (with changeFrom and changeTo: customers who signed up before, during and after a change, compared at compareAt months). months 1-36 (default 12); from and to limit the signups.")
            .Produces<CohortReport>().ProducesProblem(400);
        return api;
    }

    public static (CohortQuery? Query, IResult? Problem) Parse(string? by, string? months, string? from, string? to, string? changeFrom, string? changeTo, string? compareAt)
    {
        var errors = new List<ItemError>();
        var grouping = CohortGrouping.Month;
        if (!string.IsNullOrWhiteSpace(by) && (!Enum.TryParse(by, ignoreCase: true, out grouping) || !Enum.IsDefined(grouping) || int.TryParse(by, out _)))
        {
            errors.Add(new ItemError(0, "by", "one of month, quarter, segment, plan, region, persona, change"));
        }

        var length = QueryNumbers.Whole(months, 12, 1, 36, "months", errors);
        var at = QueryNumbers.Whole(compareAt, Math.Min(6, length), 1, 36, "compareAt", errors);
        var (fromDate, toDate, changeStart, changeEnd) = (Date(from, "from", errors), Date(to, "to", errors), Date(changeFrom, "changeFrom", errors), Date(changeTo, "changeTo", errors));
        if (grouping == CohortGrouping.Change && (changeStart is null || changeEnd is null || changeEnd <= changeStart))
        {
            errors.Add(new ItemError(0, "changeTo", "by=change needs changeFrom and a later changeTo: when the change started and ended"));
        }

        return errors.Count > 0
            ? (null, Problems.BadParameters("Invalid query", errors))
            : (new CohortQuery(grouping, length, fromDate, toDate, changeStart, changeEnd, Math.Min(at, length)), null);
    }

    public static async Task<CohortReport> ReportAsync(CairnStore store, long workspaceId, CohortQuery query, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var asOf = await store.HealthClockAsync(workspaceId, now);
        var counts = await store.TenureCountsAsync(workspaceId, query.By, query.Months, asOf, query.From, query.To, query.ChangeFrom, query.ChangeTo);
        var curves = counts.GroupBy(c => c.Group).Select(g => RetentionCurve.Estimate(g.Key, [.. g], query.Months)).ToList();
        ChangeComparison? change = null;
        if (query.By == CohortGrouping.Change)
        {
            string[] order = ["before", "during", "after"];
            curves = [.. curves.OrderBy(c => Array.IndexOf(order, c.Group))];
            var before = curves.FirstOrDefault(c => c.Group == "before");
            var verdicts = before is null
                ? ["Nobody signed up before the change: nothing to compare against."]
                : curves.Where(c => c.Group != "before").Select(c => RetentionCurve.Compare(before, c, query.CompareAt)).ToList();
            change = new ChangeComparison(query.ChangeFrom!.Value, query.ChangeTo!.Value, query.CompareAt, verdicts);
        }

        return new CohortReport(query.By.ToString().ToLowerInvariant(), query.Months, asOf, curves, change);
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, TimeProvider time, string? by, string? months, string? from, string? to,
        string? changeFrom, string? changeTo, string? compareAt)
    {
        var (query, problem) = Parse(by, months, from, to, changeFrom, changeTo, compareAt);
        return problem ?? TypedResults.Ok(await ReportAsync(store, context.User.WorkspaceId(), query!, time.GetUtcNow().UtcDateTime));
    }

    private static DateTime? Date(string? text, string name, List<ItemError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(new ItemError(0, name, "an ISO 8601 date such as 2026-06-01"));
        return null;
    }
}
