using System.Globalization;
using System.Net;
using System.Text;
using Cairn.Web.Audits;

namespace Cairn.Web.Reviews;

/// <summary>
/// The experience review as one self-contained page designed for print, with the audit report's
/// style sheet and policy (no script; the one style allowed by hash). All user text is encoded.
/// </summary>
public static class ReviewReportHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ReviewReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var html = new StringBuilder(32 * 1024);
        var span = $"{r.From:yyyy-MM-dd} to {r.Until.AddDays(-1):yyyy-MM-dd}";
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Experience review · ").Append(E(r.Workspace)).Append("</title><style>").Append(AuditReportHtml.Css).Append("</style></head><body>");
        html.Append("<header class=\"cover\"><p class=\"kicker\">Experience review, ").Append(E(r.Period)).Append("</p><h1>").Append(E(span)).Append("</h1><p class=\"meta\">")
            .Append(E(r.Workspace)).Append(" · against ").Append(r.PreviousFrom.ToString("yyyy-MM-dd", Inv)).Append(" to ").Append(r.From.AddDays(-1).ToString("yyyy-MM-dd", Inv))
            .Append(" · generated ").Append(r.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)).Append("</p></header>");

        html.Append("<section><h2>Headline</h2><table><thead><tr><th>Metric</th><th class=\"num\">Before</th><th class=\"num\">Now</th><th>Change</th></tr></thead><tbody>");
        foreach (var m in r.Headline)
        {
            html.Append("<tr><td>").Append(E(Title(m.Metric))).Append("</td><td class=\"num\">").Append(V(m.Before)).Append("</td><td class=\"num\">").Append(V(m.After))
                .Append("</td><td>").Append(E(m.Change.Verdict)).Append("</td></tr>");
        }

        if (r.Headline.Count == 0)
        {
            html.Append("<tr><td colspan=\"4\" class=\"muted\">Too few answers in one of the two periods to compare.</td></tr>");
        }

        html.Append("</tbody></table></section>");
        Moves(html, "Where the experience improved", "Nothing improved beyond chance.", r.Improved);
        Moves(html, "Where it declined", "Nothing declined beyond chance.", r.Declined);
        html.Append("<section><h2>What drove it</h2><p class=\"lead\">Themes whose share of feedback rose or fell beyond chance (95% interval of the difference, in points).</p>");
        Themes(html, "Rising", r.Rising);
        Themes(html, "Falling", r.Falling);
        html.Append("</section><section><h2>Method</h2><p class=\"note\">Each figure compares the last complete ").Append(E(r.Period))
            .Append(" before the newest data with the one before it, by a two-sample test on the two estimates; only changes with p &lt; 0.05 are listed as improved or declined. Slices with too few answers in either period are left out rather than guessed. NPS in points, CSAT as % satisfied, sentiment on −1..+1.</p></section>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Moves(StringBuilder html, string title, string none, IReadOnlyList<ReviewMove> moves)
    {
        html.Append("<section><h2>").Append(E(title)).Append("</h2>");
        if (moves.Count == 0)
        {
            html.Append("<p class=\"muted\">").Append(E(none)).Append("</p></section>");
            return;
        }

        html.Append("<table><thead><tr><th>Metric</th><th>By</th><th>Slice</th><th class=\"num\">Before</th><th class=\"num\">Now</th><th>Change</th></tr></thead><tbody>");
        foreach (var m in moves.Take(20))
        {
            html.Append("<tr><td>").Append(E(Title(m.Metric))).Append("</td><td>").Append(E(m.Dimension)).Append("</td><td>").Append(E(m.Slice)).Append("</td><td class=\"num\">")
                .Append(V(m.Before)).Append("</td><td class=\"num\">").Append(V(m.After)).Append("</td><td>").Append(E(m.Change.Verdict)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Themes(StringBuilder html, string title, IReadOnlyList<ThemeMove> themes)
    {
        html.Append("<h3>").Append(E(title)).Append("</h3>");
        if (themes.Count == 0)
        {
            html.Append("<p class=\"muted\">None beyond chance.</p>");
            return;
        }

        html.Append("<table><thead><tr><th>Theme</th><th class=\"num\">Share before</th><th class=\"num\">Share now</th><th class=\"num\">95% interval of the change</th></tr></thead><tbody>");
        foreach (var t in themes)
        {
            html.Append("<tr><td>").Append(E(t.Theme)).Append("</td><td class=\"num\">").Append(t.BeforeShare.ToString("0.0", Inv)).Append("% of ").Append(t.BeforeItems.ToString("N0", Inv))
                .Append("</td><td class=\"num\">").Append(t.AfterShare.ToString("0.0", Inv)).Append("% of ").Append(t.AfterItems.ToString("N0", Inv)).Append("</td><td class=\"num\">")
                .Append(t.Low.ToString("+0.0;-0.0;0", Inv)).Append(" to ").Append(t.High.ToString("+0.0;-0.0;0", Inv)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string Title(string metric) => metric switch { "nps" => "NPS", "csat" => "CSAT", _ => "Sentiment" };

    private static string V(double? value) => value?.ToString("0.##", Inv) ?? "–";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
