using System.Globalization;

namespace Cairn.Core.Audits;

/// <summary>A journey touchpoint as the comparison lays it out (journey order).</summary>
public sealed record AuditTouchpoint(long Id, string Name, string Stage, bool MomentOfTruth);

/// <summary>One step of a walk: where, how hard (1-7), how it felt, how long it took.</summary>
public sealed record WalkStep(long TouchpointId, int Effort, string? Emotion, double? Minutes);

/// <summary>A walk of one company's journey: ours, or a competitor's.</summary>
public sealed record Walk(long AuditId, string Company, bool IsUs, DateTime? WalkedAt, IReadOnlyList<WalkStep> Steps);

/// <summary>What one walk found at one touchpoint: mean effort of its steps there, the worst emotion, the minutes summed.</summary>
public sealed record WalkCell(double? Effort, string? Emotion, double? Minutes, int Steps);

/// <summary>
/// One touchpoint across the walks. <see cref="Gap"/> is our effort minus the best (lowest)
/// competitor effort: positive means customers work harder with us than with the best alternative.
/// </summary>
public sealed record ComparisonRow(AuditTouchpoint Touchpoint, IReadOnlyList<WalkCell> Cells, double? Ours, double? BestAlternative, string? BestCompany, double? Gap, bool FrictionGap, string Verdict);

/// <summary>A walk in figures: steps, mean effort, high-effort steps (5-7), minutes, share of steps that felt bad.</summary>
public sealed record WalkSummary(long AuditId, string Company, bool IsUs, DateTime? WalkedAt, int Steps, double? MeanEffort, int HighEffortSteps, double Minutes, double? NegativeShare);

/// <summary>
/// Our walk beside competitors' walks, touchpoint by touchpoint (DOMAIN.md, "Experience audit":
/// touchpoints worse than the best alternative, friction gaps). An audit is one person's
/// observation, not a sample, so it states differences of at least <see cref="AuditVocabulary.FrictionGap"/>
/// point and claims no significance; the VoC figures beside it carry the statistics.
/// </summary>
public sealed record AuditComparison(IReadOnlyList<WalkSummary> Walks, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>Touchpoints where we take more effort than the best alternative, largest gap first.</summary>
    public IReadOnlyList<ComparisonRow> FrictionGaps => Rows.Where(r => r.FrictionGap).OrderByDescending(r => r.Gap).ThenBy(r => r.Touchpoint.Name, StringComparer.Ordinal).ToList();

    public static AuditComparison Compare(IReadOnlyList<AuditTouchpoint> touchpoints, IReadOnlyList<Walk> walks)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        ArgumentNullException.ThrowIfNull(walks);
        var summaries = walks.Select(Summarise).ToList();
        var rows = new List<ComparisonRow>();
        foreach (var touchpoint in touchpoints)
        {
            var cells = walks.Select(w => Cell(w.Steps.Where(s => s.TouchpointId == touchpoint.Id).ToList())).ToList();
            if (cells.All(c => c.Steps == 0))
            {
                continue;
            }

            var ours = walks.Select((w, i) => (w, cells[i])).Where(p => p.w.IsUs && p.Item2.Effort is not null).Select(p => p.Item2.Effort).FirstOrDefault();
            var best = walks.Select((w, i) => (w, Effort: cells[i].Effort)).Where(p => !p.w.IsUs && p.Effort is not null)
                .OrderBy(p => p.Effort).ThenBy(p => p.w.Company, StringComparer.Ordinal).Select(p => ((string Company, double Effort)?)(p.w.Company, p.Effort!.Value)).FirstOrDefault();
            double? gap = ours is { } o && best is { } b ? o - b.Effort : null;
            rows.Add(new ComparisonRow(touchpoint, cells, ours, best?.Effort, best?.Company, gap, gap >= AuditVocabulary.FrictionGap, Verdict(ours, best, gap)));
        }

        return new AuditComparison(summaries, rows);
    }

    private static WalkCell Cell(List<WalkStep> steps) => steps.Count == 0
        ? new WalkCell(null, null, null, 0)
        : new WalkCell(steps.Average(s => s.Effort), steps.Where(s => s.Emotion is not null).OrderBy(s => AuditVocabulary.Valence(s.Emotion)).Select(s => s.Emotion).FirstOrDefault(),
            steps.Any(s => s.Minutes is not null) ? steps.Sum(s => s.Minutes ?? 0) : null, steps.Count);

    private static WalkSummary Summarise(Walk walk)
    {
        var steps = walk.Steps;
        var felt = steps.Where(s => s.Emotion is not null).ToList();
        return new WalkSummary(walk.AuditId, walk.Company, walk.IsUs, walk.WalkedAt, steps.Count, steps.Count == 0 ? null : steps.Average(s => s.Effort),
            steps.Count(s => s.Effort >= AuditVocabulary.HighEffort), steps.Sum(s => s.Minutes ?? 0),
            felt.Count == 0 ? null : felt.Count(s => AuditVocabulary.Valence(s.Emotion) < 0) / (double)felt.Count);
    }

    private static string Verdict(double? ours, (string Company, double Effort)? best, double? gap) => (ours, best, gap) switch
    {
        (null, _, _) => "not walked on our side",
        (_, null, _) => "no competitor walked it",
        (_, { } b, >= AuditVocabulary.FrictionGap) => string.Create(CultureInfo.InvariantCulture, $"{gap:0.#} {(gap == 1 ? "point" : "points")} more effort than {b.Company}"),
        (_, { } b, <= -AuditVocabulary.FrictionGap) => string.Create(CultureInfo.InvariantCulture, $"easier than every competitor walked ({-gap:0.#} below {b.Company})"),
        (_, { } b, _) => $"on a par with {b.Company}",
    };
}
