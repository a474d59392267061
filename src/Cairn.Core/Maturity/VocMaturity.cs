using System.Globalization;

namespace Cairn.Core.Maturity;

/// <summary>One of the eight dimensions of VoC maturity (DOMAIN.md, "VoC data").</summary>
public sealed record MaturityDimension(string Key, string Title, string Question);

/// <summary>
/// A dimension assessed: the level the data shows (1-5, null when the data cannot say), the level
/// the team gave when asked, the level that counts (data first), the evidence in figures, and what
/// to do next to reach the next level.
/// </summary>
public sealed record MaturityLevel(MaturityDimension Dimension, int? Computed, int? Asked, int? Level, IReadOnlyList<string> Evidence, string Next);

/// <summary>The eight levels and their mean (null until at least one dimension has a level), with its name.</summary>
public sealed record MaturityReport(IReadOnlyList<MaturityLevel> Dimensions, double? Overall, string Stage);

/// <summary>
/// Scores a VoC program on the eight dimensions of DOMAIN.md from 1 (ad hoc) to 5 (leading),
/// computed from the workspace's own data where it can be (a share of 20/40/60/80% or more earns
/// levels 2/3/4/5) and asked of the team where it cannot; data beats opinion when both exist.
/// </summary>
public static class VocMaturity
{
    public static IReadOnlyList<MaturityDimension> Dimensions { get; } =
    [
        new("signals", "Signals coverage", "Do you hear customers at every touchpoint, in all three kinds of feedback (asked, volunteered, behaviour)?"),
        new("data_quality", "Data quality and governance", "Is feedback tied to known customers and touchpoints, with contact rules and consent respected?"),
        new("time_to_insight", "Time to insight", "How soon after a customer speaks does someone see what it means?"),
        new("time_to_action", "Time to action", "How soon after an unhappy answer does someone act?"),
        new("closed_loop", "Closed-loop coverage", "Is every detractor followed up?"),
        new("text_analytics", "Text and speech analytics depth", "Are comments, reviews and calls read at scale, with themes that explain the scores?"),
        new("operations", "Operational integration", "Do insights reach the owners of touchpoints and their systems?"),
        new("financial", "Financial linkage", "Is experience tied to revenue, churn and the return of improvements?"),
    ];

    public static readonly string[] Stages = ["ad hoc", "emerging", "defined", "managed", "leading"];

    /// <summary>The three kinds of VoC data: asked, volunteered, behaviour.</summary>
    private static readonly string[] Kinds = ["direct", "indirect", "inferred"];

    public static MaturityReport Assess(MaturityTally t, IReadOnlyDictionary<string, int> asked)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(asked);
        var levels = Dimensions.Select(d =>
        {
            var (computed, evidence, next) = Compute(d.Key, t);
            int? answer = asked.TryGetValue(d.Key, out var a) ? a : null;
            return new MaturityLevel(d, computed, answer, computed ?? answer, evidence, next);
        }).ToList();
        var scored = levels.Where(l => l.Level is not null).ToList();
        double? overall = scored.Count == 0 ? null : scored.Average(l => l.Level!.Value);
        return new MaturityReport(levels, overall, overall is { } o ? Stages[(int)Math.Round(o) - 1] : "not assessed");
    }

    /// <summary>Level 1-5 for a share: below 20% is 1, 20% 2, 40% 3, 60% 4, 80% or more 5; null when nothing was counted.</summary>
    public static int? Band(long part, long whole) => whole <= 0 ? null : 1 + Math.Min(4, (int)Math.Floor(part / (double)whole * 5 + 1e-9));

    private static string Pct(long part, long whole) => whole <= 0 ? "–" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static (int? Level, IReadOnlyList<string> Evidence, string Next) Compute(string key, MaturityTally t) => key switch
    {
        "signals" => Signals(t),
        "data_quality" => DataQuality(t),
        "time_to_insight" => (Band(t.TextsAnalysed, t.Texts), [$"{N(t.TextsAnalysed)} of {N(t.Texts)} texts ({Pct(t.TextsAnalysed, t.Texts)}) scored for sentiment, themes and emotion on arrival"],
            t.Texts == 0 ? "Collect comments: ask an open question after each score, and import reviews and tickets." : "Keep analysis at ingestion; run cairn reprocess after editing the taxonomy."),
        "time_to_action" => TimeToAction(t),
        "closed_loop" => (Band(t.DetractorsWithCase, t.Detractors), [$"{N(t.DetractorsWithCase)} of {N(t.Detractors)} detractors ({Pct(t.DetractorsWithCase, t.Detractors)}) have a case"],
            t.Detractors == 0 ? "Run a relationship NPS survey so detractors can be found." : "Add a case rule \"nps <= 6\" routed to owners, so every detractor is followed up."),
        "text_analytics" => (Band(t.NegativeWithTheme, t.NegativeTexts), [$"{N(t.NegativeWithTheme)} of {N(t.NegativeTexts)} negative texts ({Pct(t.NegativeWithTheme, t.NegativeTexts)}) explained by a theme"],
            "Promote emerging phrases into the taxonomy on the themes page until most negative comments have a theme."),
        "operations" => Operations(t),
        "financial" => Financial(t),
        _ => (null, [], ""),
    };

    private static (int?, IReadOnlyList<string>, string) Signals(MaturityTally t)
    {
        var level = Band(t.TouchpointsWithFeedback, t.Touchpoints);
        var missing = Kinds.Where(k => !t.Kinds.Contains(k)).ToList();
        if (level is { } l && missing.Count > 0)
        {
            level = Math.Min(l, 3); // one kind of voice alone cannot show the whole picture
        }

        return (level,
            [$"{N(t.TouchpointsWithFeedback)} of {N(t.Touchpoints)} touchpoints ({Pct(t.TouchpointsWithFeedback, t.Touchpoints)}) have feedback in the window",
             $"kinds of feedback present: {(t.Kinds.Count == 0 ? "none" : string.Join(", ", t.Kinds.Order(StringComparer.Ordinal)))}"],
            missing.Count > 0 ? $"Add {string.Join(" and ", missing)} feedback (indirect: reviews and social posts; inferred: events and support contacts)."
                : "Place a short survey on the touchpoints that have no feedback yet.");
    }

    private static (int?, IReadOnlyList<string>, string) DataQuality(MaturityTally t)
    {
        var linked = Band(t.FeedbackWithCustomer, t.Feedback);
        var placed = Band(t.ResponsesWithTouchpoint, t.Responses);
        int? level = linked is null ? placed : placed is null ? linked : Math.Min(linked.Value, placed.Value);
        return (level,
            [$"{Pct(t.FeedbackWithCustomer, t.Feedback)} of {N(t.Feedback)} feedback items linked to a known customer", $"{Pct(t.ResponsesWithTouchpoint, t.Responses)} of {N(t.Responses)} responses placed on a touchpoint"],
            "Send customer ids with every feedback item and attach each survey to its touchpoint, so every answer can be sliced and followed up.");
    }

    private static (int?, IReadOnlyList<string>, string) TimeToAction(MaturityTally t)
    {
        if (t.MedianHoursToFirstAction is not { } hours)
        {
            return (null, ["no case has been acted on yet"], "Open cases from unhappy answers and act on them; the median time to first action then shows here.");
        }

        var level = hours <= 4 ? 5 : hours <= 24 ? 4 : hours <= 72 ? 3 : hours <= 168 ? 2 : 1;
        return (level, [string.Create(CultureInfo.InvariantCulture, $"median {hours:0.#} hours from a case opening to its first action")],
            level >= 4 ? "Hold the pace: keep SLAs on every case rule." : "Route cases to owners by touchpoint and segment, with an SLA of a working day.");
    }

    private static (int?, IReadOnlyList<string>, string) Operations(MaturityTally t)
    {
        var owned = Band(t.TouchpointsWithOwner, t.Touchpoints);
        var routed = Band(t.CasesWithOwner, t.Cases);
        int? level = owned is null ? routed : routed is null ? owned : (int)Math.Floor((owned.Value + routed.Value) / 2.0);
        return (level,
            [$"{Pct(t.TouchpointsWithOwner, t.Touchpoints)} of touchpoints have a named owner", $"{Pct(t.CasesWithOwner, t.Cases)} of {N(t.Cases)} cases have an owner"],
            level >= 4 ? "Carry case and alert events into the owners' own tools (their tracker or chat), so insight arrives where they work."
                : "Name an owner for every touchpoint and route every case rule to one.");
    }

    private static (int?, IReadOnlyList<string>, string) Financial(MaturityTally t)
    {
        var level = Band(t.CustomersWithRevenue, t.Customers);
        if (level is { } l && t.InitiativesMeasured == 0)
        {
            level = Math.Min(l, 3); // revenue at risk without a measured return is half the link
        }

        return (level,
            [$"{Pct(t.CustomersWithRevenue, t.Customers)} of {N(t.Customers)} customers carry revenue", $"{N(t.InitiativesMeasured)} launched initiatives measured before and after"],
            t.InitiativesMeasured == 0 ? "Launch an initiative from the priorities board; Cairn measures its effect against the customers it did not reach."
                : "Send monthly revenue for every customer (identify), so revenue at risk covers the whole base.");
    }
}
