using System.Globalization;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Priorities;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;

namespace Cairn.Web.Priorities;

/// <summary>What the priorities board is asked for: a period, the margin that turns revenue into value, optionally one kind of gap.</summary>
public sealed record PriorityQuery(DateTime From, DateTime To, double Margin, GapKind? Kind, int Limit);

/// <summary>Reads priority queries and inputs, checks them, and ranks the gaps: shared by the API and the board.</summary>
public static class PriorityService
{
    public static PriorityQuery Read(string? from, string? to, string? margin, string? kind, string? limit, DateTime now, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        var until = end ?? now.Date.AddDays(1);
        var since = start ?? until.AddDays(-365);
        if (start is null && end is not null && since >= until)
        {
            errors.Add(new ItemError(0, "to", "must be later than 'from'"));
        }

        var share = 1.0;
        if (!string.IsNullOrWhiteSpace(margin) && (!double.TryParse(margin, NumberStyles.Float, CultureInfo.InvariantCulture, out share) || share is <= 0 or > 1))
        {
            errors.Add(new ItemError(0, "margin", "a share of revenue above 0 and at most 1, such as 0.35"));
        }

        GapKind? gapKind = kind switch
        {
            null or "" => null,
            "theme" => GapKind.Theme,
            "touchpoint" => GapKind.Touchpoint,
            "pain_point" => GapKind.PainPoint,
            _ => Invalid(errors, "kind", "one of theme, touchpoint, pain_point"),
        };
        var top = 50;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 500))
        {
            errors.Add(new ItemError(0, "limit", "a whole number from 1 to 500"));
        }

        return new PriorityQuery(since, until, share, gapKind, top);
    }

    private static GapKind? Invalid(List<ItemError> errors, string field, string message)
    {
        errors.Add(new ItemError(0, field, message));
        return null;
    }

    public static async Task<PrioritiesResponse> RankAsync(CairnStore store, long workspaceId, PriorityQuery query)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var (population, gaps) = await store.PriorityTalliesAsync(workspaceId, query.From, query.To);
        var ranked = Prioritiser.Rank(population, gaps.Where(g => query.Kind is null || g.Kind == query.Kind), await store.GapInputsAsync(workspaceId), query.Margin);
        var summary = new PopulationSummary(population.Customers, population.Churned, population.MonthlyChurnRate * 100,
            LifetimeValue.ExpectedMonths(population.MonthlyChurnRate), MetricValue.Of(ScoreMetric.Nps.Estimate(population.Nps)));
        return new PrioritiesResponse(query.From, query.To, query.Margin, summary, ranked.Take(query.Limit).Select(GapResponse.From).ToList());
    }

    /// <summary>Checks the analyst's inputs: a gap of this workspace, severity and fixability 1-5, an owner who is a member.</summary>
    public static async Task<(GapInputs? Inputs, List<ItemError> Errors, bool Found)> ValidateAsync(CairnStore store, long workspaceId, string key, GapInputsRequest request)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ItemError>();
        if (!await store.GapExistsAsync(workspaceId, key))
        {
            return (null, errors, false);
        }

        foreach (var (value, field) in new[] { (request.Severity, "severity"), (request.Fixability, "fixability") })
        {
            if (value is < 1 or > 5)
            {
                errors.Add(new ItemError(0, field, "1 to 5, or empty"));
            }
        }

        var owner = await Owners.CheckAsync(store, workspaceId, request.Owner, errors);
        return (errors.Count == 0 ? new GapInputs(request.Severity, request.Fixability, owner) : null, errors, true);
    }
}
