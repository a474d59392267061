namespace Cairn.Core.Audits;

/// <summary>A ranked gap from the priorities board, as the roadmap needs it (touchpoint set for touchpoint gaps; summary: its figures in a sentence).</summary>
public sealed record RoadmapGap(string Key, string Label, string Kind, long? TouchpointId, double? RevenueAtRisk, string? Owner, string Summary);

/// <summary>
/// An initiative already under way and the gap keys it answers: the gap it was started from, and
/// "theme:N", "pain:N", "touchpoint:N" for the themes, pain points and touchpoints it is linked to.
/// </summary>
public sealed record RoadmapInitiative(long Id, string Title, string Status, string Owner, IReadOnlySet<string> Answers);

/// <summary>
/// One line of the recommended roadmap: what to do and why, who owns it, what to measure. When an
/// initiative already answers the gap, <see cref="InHand"/> names it instead of recommending a new one.
/// </summary>
public sealed record RoadmapItem(int Rank, string Title, string Reason, string? Owner, string Metric, double? RevenueAtRisk, RoadmapInitiative? InHand);

/// <summary>
/// The audit's output (DOMAIN.md, "Experience audit"): a roadmap ranked by financial impact, then
/// competitive impact. Gaps with revenue at risk come first, in the board's order; then friction
/// gaps from the walks (where a competitor is easier) that no gap already covers, largest first,
/// when they are wide (two points) or at a moment of truth; the comparison table lists the rest.
/// </summary>
public static class Roadmap
{
    public static IReadOnlyList<RoadmapItem> Build(IReadOnlyList<RoadmapGap> rankedGaps, IReadOnlyList<ComparisonRow> frictionGaps, IReadOnlyList<RoadmapInitiative> initiatives,
        Func<long, string?> touchpointOwner, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(rankedGaps);
        ArgumentNullException.ThrowIfNull(frictionGaps);
        ArgumentNullException.ThrowIfNull(initiatives);
        ArgumentNullException.ThrowIfNull(touchpointOwner);
        var live = initiatives.Where(i => i.Status != Initiatives.InitiativeStatus.Cancelled).ToList();
        var items = new List<RoadmapItem>();
        var covered = new HashSet<long>();
        foreach (var gap in rankedGaps.Where(g => g.RevenueAtRisk > 0).Take(top))
        {
            var friction = gap.TouchpointId is { } t ? frictionGaps.FirstOrDefault(f => f.Touchpoint.Id == t) : null;
            if (gap.TouchpointId is { } touchpoint)
            {
                covered.Add(touchpoint);
            }

            var reason = gap.Summary
                + (friction is null ? "" : $" The audit walk agrees: {friction.Verdict}; study {friction.BestCompany}'s flow.");
            var metric = gap.Kind switch
            {
                "theme" => $"NPS of customers raising {gap.Label.ToLowerInvariant()}",
                "touchpoint" => friction is null ? $"NPS of customers served at {gap.Label}" : $"CES and NPS at {gap.Label}",
                _ => $"NPS of customers hitting \"{gap.Label}\"",
            };
            var owner = gap.Owner ?? (gap.TouchpointId is { } id ? touchpointOwner(id) : null);
            items.Add(new RoadmapItem(items.Count + 1, $"Fix {gap.Label.ToLowerInvariant()}", reason, owner, metric, gap.RevenueAtRisk,
                live.FirstOrDefault(i => i.Answers.Contains(gap.Key))));
        }

        var worthALine = frictionGaps.Where(f => !covered.Contains(f.Touchpoint.Id) && (f.Gap >= AuditVocabulary.RoadmapFrictionGap || f.Touchpoint.MomentOfTruth));
        foreach (var friction in worthALine.OrderByDescending(f => f.Gap))
        {
            var id = friction.Touchpoint.Id;
            items.Add(new RoadmapItem(items.Count + 1, $"Cut effort at {friction.Touchpoint.Name.ToLowerInvariant()}",
                $"The audit walk found {friction.Verdict}{(friction.Touchpoint.MomentOfTruth ? ", at a moment of truth" : "")}; the customers' own figures show no revenue at risk there yet.",
                touchpointOwner(id), $"CES at {friction.Touchpoint.Name}", null, live.FirstOrDefault(i => i.Answers.Contains(TouchpointKey(id)))));
        }

        return items;
    }

    /// <summary>The priorities board's key of a touchpoint gap.</summary>
    public static string TouchpointKey(long touchpointId) => "touchpoint:" + touchpointId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
