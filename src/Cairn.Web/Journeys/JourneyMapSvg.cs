using Cairn.Web.Http;
using System.Globalization;
using System.Net;
using System.Text;

namespace Cairn.Web.Journeys;

/// <summary>
/// Draws a filled journey map as one self-contained SVG (stages as columns; lanes for touchpoints,
/// the emotional curve, stage metrics and pain points), printable and exportable for a slide. All
/// text is encoded; colours carry meaning only alongside words and numbers.
/// </summary>
public static class JourneyMapSvg
{
    private const int LabelWidth = 130;
    private const int ColumnWidth = 230;
    private const int HeaderHeight = 86;
    private const int TouchpointHeight = 64;
    private const int CurveHeight = 150;
    private const int MetricsHeight = 70;
    private const int PainLineHeight = 30;
    private const int PainLines = 4;
    private const int ActionsHeight = 50;
    private const int OpportunityLines = 3;

    public static string Render(JourneyMapResponse map, Func<TouchpointView, string>? link = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var stages = map.Stages;
        var rows = Math.Max(1, stages.Max(s => s.Touchpoints.Count));
        var width = LabelWidth + ColumnWidth * stages.Count + 10;
        var actionsTop = HeaderHeight + 40;
        var touchTop = actionsTop + ActionsHeight + 10;
        var curveTop = touchTop + rows * TouchpointHeight + 20;
        var metricsTop = curveTop + CurveHeight + 10;
        var painTop = metricsTop + MetricsHeight + 10;
        var opportunityTop = painTop + PainLines * PainLineHeight + 10;
        var height = opportunityTop + OpportunityLines * PainLineHeight + 30;
        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12" role="img" aria-label="Journey map: {E(map.Journey.Name)}">"""));
        svg.Append("<title>").Append(E(map.Journey.Name)).Append("</title>");
        svg.Append(Invariant($"""<rect width="{width}" height="{height}" fill="#ffffff"/>"""));
        svg.Append(Invariant($"""<text x="10" y="24" font-size="18" font-weight="700" fill="#1b2631">{E(map.Journey.Name)}</text>"""));
        var subtitle = $"{map.Journey.State} state · persona {map.Journey.Persona ?? "any"} · journey NPS {Number(map.Nps, "+0;-0;0")}";
        svg.Append(Invariant($"""<text x="10" y="44" fill="#4a5561">{E(subtitle)}</text>"""));

        Lane(svg, "Actions", actionsTop, ActionsHeight, width);
        Lane(svg, "Touchpoints", touchTop, rows * TouchpointHeight, width);
        Lane(svg, "Feeling", curveTop, CurveHeight, width);
        Lane(svg, "Metrics", metricsTop, MetricsHeight, width);
        Lane(svg, "Pain points", painTop, PainLines * PainLineHeight, width);
        Lane(svg, "Opportunities", opportunityTop, OpportunityLines * PainLineHeight, width);
        var opportunitiesByStage = map.Opportunities.Where(o => o.Status != "dropped").ToLookup(o => StageOf(map, o.TouchpointId));

        var painByStage = map.PainPoints.Where(p => p.Status != "dismissed").ToLookup(p => StageOf(map, p.TouchpointId));
        var curve = new List<(double X, double Y, double Feeling)>();
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            var x = LabelWidth + s * ColumnWidth;
            svg.Append(Invariant($"""<rect x="{x + 4}" y="{HeaderHeight - 30}" width="{ColumnWidth - 8}" height="60" rx="6" fill="#1f4e79"/>"""));
            svg.Append(Invariant($"""<text x="{x + 14}" y="{HeaderHeight - 10}" font-size="14" font-weight="700" fill="#ffffff">{E(stage.Name)}</text>"""));
            svg.Append(Invariant($"""<text x="{x + 14}" y="{HeaderHeight + 8}" font-size="11" fill="#dbe7f3">{E(Clip(stage.CustomerGoal ?? "", 34))}</text>"""));

            var actionLines = Wrap(stage.Actions ?? "", 36, 2);
            for (var l = 0; l < actionLines.Count; l++)
            {
                svg.Append(Invariant($"""<text x="{x + 14}" y="{actionsTop + 20 + l * 16}" fill="#1b2631" font-size="11">{E(actionLines[l])}</text>"""));
            }

            for (var t = 0; t < stage.Touchpoints.Count; t++)
            {
                var tp = stage.Touchpoints[t];
                var y = touchTop + t * TouchpointHeight + 6;
                var (fill, stroke) = Tone(tp.Data.Sentiment?.Value, tp.Data.ChurnLift);
                var href = link?.Invoke(tp);
                if (href is not null)
                {
                    svg.Append(Invariant($"""<a href="{E(href)}">"""));
                }

                svg.Append(Invariant($"""<rect x="{x + 8}" y="{y}" width="{ColumnWidth - 16}" height="{TouchpointHeight - 10}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{(tp.MomentOfTruth ? 2.5 : 1)}"/>"""));
                svg.Append(Invariant($"""<text x="{x + 16}" y="{y + 18}" font-weight="600" fill="#1b2631">{E(Clip(tp.Name, 24))}{(tp.MomentOfTruth ? " ★" : "")}</text>"""));
                svg.Append(Invariant($"""<text x="{x + ColumnWidth - 20}" y="{y + 18}" text-anchor="end" fill="#4a5561" font-size="11">{E(tp.Channel ?? "")}</text>"""));
                svg.Append(Invariant($"""<text x="{x + 16}" y="{y + 36}" fill="#33404d" font-size="11">{E(TouchpointLine(tp))}</text>"""));
                var theme = tp.Data.TopThemes.Count > 0 ? tp.Data.TopThemes[0].Theme : null;
                if (theme is not null)
                {
                    svg.Append(Invariant($"""<text x="{x + 16}" y="{y + 50}" fill="#5d6975" font-size="10">{E(Clip("theme: " + theme, 36))}</text>"""));
                }

                if (href is not null)
                {
                    svg.Append("</a>");
                }
            }

            if (stage.Feeling is { } feeling)
            {
                var cx = x + ColumnWidth / 2.0;
                var cy = curveTop + CurveHeight / 2.0 - feeling * (CurveHeight / 2.0 - 18);
                curve.Add((cx, cy, feeling));
            }

            svg.Append(Invariant($"""<text x="{x + 14}" y="{metricsTop + 24}" fill="#1b2631">NPS {E(Number(stage.Nps, "+0;-0;0"))}</text>"""));
            svg.Append(Invariant($"""<text x="{x + 14}" y="{metricsTop + 44}" fill="#1b2631">Sentiment {E(Number(stage.Sentiment, "+0.00;-0.00"))}</text>"""));
            var customers = stage.Touchpoints.Count == 0 ? 0 : stage.Touchpoints.Max(t => t.Data.Customers);
            svg.Append(Invariant($"""<text x="{x + 14}" y="{metricsTop + 62}" fill="#4a5561" font-size="11">{customers:N0} customers reached it</text>"""));

            var pains = painByStage[stage.Name].ToList();
            for (var p = 0; p < Math.Min(PainLines, pains.Count); p++)
            {
                var pain = pains[p];
                var marker = pain.Status == "accepted" ? "●" : "○";
                var text = p == PainLines - 1 && pains.Count > PainLines ? $"+ {pains.Count - PainLines + 1} more" : $"{marker} {pain.Title}";
                svg.Append(Invariant($"""<text x="{x + 14}" y="{painTop + 20 + p * PainLineHeight}" fill="{(pain.Status == "accepted" ? "#8b1a1a" : "#5d3a00")}" font-size="11">{E(Clip(text, 36))}</text>"""));
            }
        }

        for (var s = 0; s < stages.Count; s++)
        {
            var x = LabelWidth + s * ColumnWidth;
            var opportunities = opportunitiesByStage[stages[s].Name].ToList();
            for (var o = 0; o < Math.Min(OpportunityLines, opportunities.Count); o++)
            {
                var text = o == OpportunityLines - 1 && opportunities.Count > OpportunityLines ? $"+ {opportunities.Count - OpportunityLines + 1} more" : $"◆ {opportunities[o].Title}";
                svg.Append(Invariant($"""<text x="{x + 14}" y="{opportunityTop + 20 + o * PainLineHeight}" fill="#1f5e3b" font-size="11">{E(Clip(text, 36))}</text>"""));
            }
        }

        // The emotional curve: zero line, the line through the stages, each point labelled.
        var zero = curveTop + CurveHeight / 2.0;
        svg.Append(Invariant($"""<line x1="{LabelWidth}" y1="{zero}" x2="{width - 10}" y2="{zero}" stroke="#c3ccd5" stroke-dasharray="4 4"/>"""));
        svg.Append(Invariant($"""<text x="{LabelWidth - 8}" y="{curveTop + 16}" text-anchor="end" fill="#4a5561" font-size="10">delight</text>"""));
        svg.Append(Invariant($"""<text x="{LabelWidth - 8}" y="{curveTop + CurveHeight - 8}" text-anchor="end" fill="#4a5561" font-size="10">frustration</text>"""));
        if (curve.Count > 1)
        {
            svg.Append(Invariant($"""<polyline fill="none" stroke="#1f4e79" stroke-width="2.5" points="{string.Join(' ', curve.Select(c => Invariant($"{c.X:0.#},{c.Y:0.#}")))}"/>"""));
        }

        foreach (var (cx, cy, feeling) in curve)
        {
            svg.Append(Invariant($"""<circle cx="{cx:0.#}" cy="{cy:0.#}" r="6" fill="{(feeling >= 0 ? "#2e7d32" : "#c62828")}"/>"""));
            svg.Append(Invariant($"""<text x="{cx + 10:0.#}" y="{cy + 4:0.#}" fill="#1b2631" font-size="11">{feeling:+0.00;-0.00}</text>"""));
        }

        if (curve.Count == 0)
        {
            svg.Append(Invariant($"""<text x="{LabelWidth + 14}" y="{zero - 8}" fill="#5d6975">No stage has enough scores or comments yet.</text>"""));
        }

        svg.Append(Invariant($"""<text x="10" y="{height - 10}" fill="#5d6975" font-size="10">Feeling: mean of stage NPS ÷ 100 and comment sentiment (−1..+1). ★ moment of truth. Box colour: comment sentiment. ● accepted, ○ suggested pain point. ◆ opportunity.</text>"""));
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Words in lines of at most <paramref name="width"/> characters; the last line cut when there is more.</summary>
    private static List<string> Wrap(string text, int width, int lines)
    {
        var result = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                result.Add(line);
                line = "";
            }

            line = line.Length == 0 ? word : line + " " + word;
        }

        if (line.Length > 0)
        {
            result.Add(line);
        }

        return result.Count <= lines ? result : [.. result.Take(lines - 1), Clip(string.Join(' ', result.Skip(lines - 1)), width)];
    }

    private static string StageOf(JourneyMapResponse map, long? touchpointId) =>
        map.Stages.FirstOrDefault(s => s.Touchpoints.Any(t => t.Id == touchpointId))?.Name ?? "";

    private static void Lane(StringBuilder svg, string name, int top, int height, int width)
    {
        svg.Append(Invariant($"""<rect x="0" y="{top}" width="{width}" height="{height}" fill="#f5f7f9"/>"""));
        svg.Append(Invariant($"""<line x1="0" y1="{top}" x2="{width}" y2="{top}" stroke="#dde3e9"/>"""));
        svg.Append(Invariant($"""<text x="10" y="{top + 20}" font-weight="700" fill="#1b2631">{E(name)}</text>"""));
    }

    private static string TouchpointLine(TouchpointView tp)
    {
        var d = tp.Data;
        var parts = new List<string> { $"{d.Customers:N0} cust." };
        if (d.Nps is { TooFew: false } nps) { parts.Add(Invariant($"NPS {nps.Value:+0;-0;0}")); }
        if (d.Csat is { TooFew: false } csat) { parts.Add(Invariant($"CSAT {csat.Value:0}%")); }
        if (d.Ces is { TooFew: false } ces) { parts.Add(Invariant($"CES {ces.Value:0.0}")); }
        if (d.ChurnLift is { Significant: true, Lift: { } lift }) { parts.Add(Invariant($"churn ×{lift:0.0}")); }
        return string.Join(" · ", parts);
    }

    /// <summary>Box colours from comment sentiment, a red border when the touchpoint significantly raises churn.</summary>
    private static (string Fill, string Stroke) Tone(double? sentiment, LiftValue? churn)
    {
        var stroke = churn is { Significant: true, Lift: > 1.2 } ? "#c62828" : "#8796a5";
        return sentiment switch
        {
            null => ("#ffffff", stroke),
            < -0.05 => ("#fde8e8", stroke),
            > 0.05 => ("#e6f4ea", stroke),
            _ => ("#fff8e1", stroke),
        };
    }

    private static string Number(MetricValue? value, string format) =>
        value is null ? "–" : value.TooFew ? "too few" : value.Value!.Value.ToString(format, CultureInfo.InvariantCulture);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
