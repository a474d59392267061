using System.Globalization;
using Cairn.Core.Audits;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Initiatives;
using Cairn.Web.Journeys;
using Cairn.Web.Metrics;
using Cairn.Web.Priorities;

namespace Cairn.Web.Audits;

/// <summary>Everything the audit report shows, gathered once; the HTML page and its PDF are drawn from this.</summary>
public sealed record AuditReport(
    string Workspace, string Industry, DateTime GeneratedAt, DateTime From, DateTime To, JourneyMapResponse Map, MetricResponse Nps,
    PrioritiesResponse Priorities, ComparisonResponse Walks, CompetitiveResponse Reviews, IReadOnlyList<InitiativeResponse> Initiatives, IReadOnlyList<RoadmapItem> Roadmap);

/// <summary>Gathers the experience-audit report: journey, gaps by revenue at risk, competitor walks and reviews, benchmarks, recommended initiatives.</summary>
public static class AuditReportService
{
    /// <summary>How many ranked gaps the report lists (and turns into roadmap lines).</summary>
    public const int TopGaps = 5;

    /// <summary>The report for a journey and period, or null when the journey is not in the workspace.</summary>
    public static async Task<AuditReport?> BuildAsync(CairnStore store, long workspaceId, long journeyId, PriorityQuery period, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(period);
        var map = await JourneyMapService.MapAsync(store, workspaceId, journeyId, period.From, period.To);
        var walks = await AuditService.CompareAsync(store, workspaceId, journeyId);
        if (map is null || walks is null)
        {
            return null;
        }

        var workspace = (await store.ListWorkspacesAsync()).Single(w => w.Id == workspaceId);
        var nps = await MetricService.GetAsync(store, workspaceId, new MetricQuery(ScoreMetric.Nps, null, null, period.From, period.To, []), now);
        var priorities = await PriorityService.RankAsync(store, workspaceId, period);
        var reviews = await MetricService.CompetitiveAsync(store, workspaceId, period.From, period.To);
        var initiatives = new List<InitiativeResponse>();
        foreach (var initiative in await store.InitiativesAsync(workspaceId))
        {
            initiatives.Add(await InitiativeService.DescribeAsync(store, workspaceId, initiative, now));
        }

        var owners = map.Stages.SelectMany(s => s.Touchpoints).ToDictionary(t => t.Id, t => t.Owner);
        var gaps = priorities.Gaps.Where(g => g.Rank > 0).Select(g => new RoadmapGap(g.Key, g.Label, g.Kind, TouchpointOf(g.Key), g.RevenueAtRisk?.Value, g.Owner, Summary(g))).ToList();
        var inHand = initiatives.Select(i => i.Initiative).Select(i => new RoadmapInitiative(i.Id, i.Title, i.Status, i.Owner,
            i.Links.Select(l => l.Kind switch { "theme" => "theme:" + l.Ref, "pain_point" => "pain:" + l.Ref, "touchpoint" => "touchpoint:" + l.Ref, _ => "" })
                .Append(i.GapKey ?? "").Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal))).ToList();
        var roadmap = Roadmap.Build(gaps, walks.FrictionGaps, inHand, id => owners.GetValueOrDefault(id), TopGaps);
        return new AuditReport(workspace.Name, workspace.Industry, now, period.From, period.To, map, nps, priorities, walks, reviews, initiatives, roadmap);
    }

    /// <summary>A gap's figures in one sentence, for the roadmap (the gaps table carries the full explanation).</summary>
    private static string Summary(GapResponse g)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{g.Affected:N0} customers affected") };
        if (g.Churn.Lift is { } lift)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"they churn {lift:0.00}× as often{(g.Churn.Significant ? "" : " (not significant)")}"));
        }

        if (g.NpsGap is { } nps)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"NPS {nps.Value:+0;-0;0} points against the rest"));
        }

        if (g.CompetitiveGap is { Significant: true, Value: > 0 })
        {
            parts.Add("competitors do better");
        }

        return string.Join("; ", parts) + (g.MomentOfTruth ? ", at a moment of truth." : ".");
    }

    private static long? TouchpointOf(string key) =>
        key.StartsWith("touchpoint:", StringComparison.Ordinal) && long.TryParse(key.AsSpan("touchpoint:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
