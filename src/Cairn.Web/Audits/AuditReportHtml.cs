using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cairn.Web.Http;
using Cairn.Web.Journeys;
using Cairn.Web.Metrics;

namespace Cairn.Web.Audits;

/// <summary>
/// Draws the experience-audit report as one self-contained HTML page designed for print (A4
/// landscape): styles inline, charts as inline SVG, no script. The browser shows it; headless
/// Chromium prints the very same page to PDF, so there is one layout. All user text is encoded.
/// </summary>
public static class AuditReportHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The page's only style sheet; the Content-Security-Policy allows it by hash, and nothing else inline.</summary>
    public static string Css => Assets.ReportCss;

    public static string StyleHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Assets.ReportCss))) + "'";

    /// <summary>Served with the page: no script at all, images only from Cairn (evidence) or inline, the one style by hash.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src {StyleHash}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        var journey = report.Map.Journey.Name;
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>Experience audit · ").Append(E(journey)).Append(" · ").Append(E(report.Workspace)).Append("</title>");
        html.Append("<style>").Append(Css).Append("</style></head><body>");

        Cover(html, report);
        RoadmapSection(html, report);
        html.Append("<section class=\"page\"><h2>The journey</h2><p class=\"lead\">Touchpoints, the customers' feeling stage by stage, and the pain points, drawn from ")
            .Append(E(Period(report))).Append(". ★ marks a moment of truth.</p><div class=\"map\">")
            .Append(JourneyMapSvg.Render(report.Map)).Append("</div></section>");
        GapsSection(html, report);
        CompetitorSection(html, report);
        BenchmarkSection(html, report);
        InitiativesSection(html, report);
        Method(html, report);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Cover(StringBuilder html, AuditReport r)
    {
        var top = r.Priorities.Gaps.Where(g => g.Rank > 0).Take(AuditReportService.TopGaps).ToList();
        var atRisk = top.Sum(g => g.RevenueAtRisk?.Value ?? 0);
        var friction = r.Walks.FrictionGaps;
        var industry = r.Nps.Benchmarks.FirstOrDefault(b => b.Level == "industry");
        html.Append("<header class=\"cover\"><p class=\"kicker\">Experience audit</p><h1>").Append(E(r.Map.Journey.Name)).Append("</h1><p class=\"meta\">")
            .Append(E(r.Workspace)).Append(" · ").Append(E(r.Industry)).Append(" · ").Append(E(Period(r))).Append(" · generated ")
            .Append(r.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)).Append("</p></header>");
        html.Append("<section class=\"figures\">");
        Figure(html, "NPS", r.Nps.TooFew || r.Nps.Value is null ? "too few answers" : r.Nps.Value.Value.ToString("+0;-0;0", Inv),
            r.Nps.Value is null ? "" : $"95% CI {r.Nps.Low?.ToString("+0;-0;0", Inv)} to {r.Nps.High?.ToString("+0;-0;0", Inv)}, n = {r.Nps.N.ToString("N0", Inv)}");
        Figure(html, "Against the industry", industry?.Gap is { } gap ? gap.ToString("+0.0;-0.0;0", Inv) + " points" : "no benchmark", industry is null ? "" : $"{industry.Label}");
        Figure(html, $"At risk in the top {top.Count} gaps", Figures.Money(atRisk), "affected customers × excess churn × lifetime value");
        Figure(html, "Friction gaps found by walking", friction.Count.ToString(Inv), r.Walks.Walks.Count == 0 ? "no walks yet" : $"{r.Walks.Walks.Count} walks compared: " + string.Join(", ", r.Walks.Walks.Select(w => w.IsUs ? "us" : w.Company)));
        html.Append("</section>");
        html.Append("<section class=\"summary\"><h2>In short</h2><ul>");
        if (top.Count > 0)
        {
            html.Append("<li>The worst gap is <strong>").Append(E(top[0].Label)).Append("</strong> (").Append(E(KindLabel(top[0].Kind))).Append("): ")
                .Append(E(top[0].Why)).Append("</li>");
        }

        if (friction.Count > 0)
        {
            var worst = friction[0];
            html.Append("<li>Walking the journey, we take more effort than the best alternative at ").Append(friction.Count.ToString(Inv))
                .Append(friction.Count == 1 ? " touchpoint" : " touchpoints").Append("; the widest gap is at <strong>").Append(E(worst.Touchpoint.Name)).Append("</strong>: ")
                .Append(E(worst.Verdict)).Append(".</li>");
        }

        var better = r.Reviews.Companies.Where(c => !c.IsUs && c.Gap is { Significant: true } g && g.Delta < 0).Select(c => c.Name).ToList();
        if (better.Count > 0)
        {
            html.Append("<li>Reviewers rate ").Append(E(string.Join(" and ", better))).Append(" significantly higher than us.</li>");
        }

        var open = r.Roadmap.Count(i => i.InHand is null);
        html.Append("<li>").Append(r.Roadmap.Count.ToString(Inv)).Append(" recommended initiatives, ").Append(open.ToString(Inv))
            .Append(" of them not yet started").Append(".</li></ul></section>");
    }

    private static void Figure(StringBuilder html, string label, string value, string note) =>
        html.Append("<div class=\"figure\"><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">").Append(E(value))
            .Append("</div><div class=\"note\">").Append(E(note)).Append("</div></div>");

    private static void RoadmapSection(StringBuilder html, AuditReport r)
    {
        html.Append("<section><h2>Recommended initiatives</h2><p class=\"lead\">Ranked by revenue at risk, then by how much more effort we ask than the best competitor. Each needs one named owner, a deadline and the success metric below.</p>");
        if (r.Roadmap.Count == 0)
        {
            html.Append("<p>No gap has revenue at risk and no walk found a friction gap.</p></section>");
            return;
        }

        html.Append("<table><thead><tr><th>#</th><th>Initiative</th><th>Why</th><th class=\"num\">At risk</th><th>Owner</th><th>Measure by</th><th>Status</th></tr></thead><tbody>");
        foreach (var item in r.Roadmap)
        {
            html.Append("<tr><td>").Append(item.Rank.ToString(Inv)).Append("</td><td><strong>").Append(E(item.Title)).Append("</strong></td><td>").Append(E(item.Reason))
                .Append("</td><td class=\"num\">").Append(E(Figures.Money(item.RevenueAtRisk))).Append("</td><td>").Append(E(item.Owner ?? "to name"))
                .Append("</td><td>").Append(E(item.Metric)).Append("</td><td>")
                .Append(item.InHand is { } i ? $"<span class=\"ok\">In hand</span>: {E(i.Title)} ({E(Cairn.Core.Initiatives.InitiativeStatus.Label(i.Status).ToLowerInvariant())}, {E(i.Owner)})" : "<span class=\"todo\">To start</span>")
                .Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void GapsSection(StringBuilder html, AuditReport r)
    {
        var top = r.Priorities.Gaps.Where(g => g.Rank > 0).Take(AuditReportService.TopGaps).ToList();
        var p = r.Priorities.Population;
        html.Append("<section class=\"page\"><h2>The worst gaps, by revenue at risk</h2><p class=\"lead\">")
            .Append(E($"Measured over {p.Customers.ToString("N0", Inv)} customers; {p.MonthlyChurnRate.ToString("0.00", Inv)}% leave each month, so a customer stays about {p.ExpectedMonths.ToString("0", Inv)} months. Revenue at risk = affected customers × the churn above everyone else's × lifetime value."))
            .Append("</p>");
        if (top.Count == 0)
        {
            html.Append("<p>No gap reaches enough customers to rank.</p></section>");
            return;
        }

        var max = top.Max(g => g.RevenueAtRisk?.High ?? g.RevenueAtRisk?.Value ?? 0);
        html.Append("<table><thead><tr><th>#</th><th>Gap</th><th class=\"num\">Customers</th><th class=\"num\">NPS gap</th><th class=\"num\">Churn lift</th><th>Revenue at risk (95% CI)</th><th>Why</th></tr></thead><tbody>");
        foreach (var g in top)
        {
            html.Append("<tr><td>").Append(g.Rank.ToString(Inv)).Append("</td><td><strong>").Append(E(g.Label)).Append("</strong><div class=\"muted\">").Append(E(KindLabel(g.Kind)))
                .Append(g.MomentOfTruth ? " · moment of truth" : "").Append(g.Owner is { } o ? " · owner " + E(o) : "").Append("</div></td><td class=\"num\">")
                .Append(g.Affected.ToString("N0", Inv)).Append("</td><td class=\"num\">").Append(g.NpsGap is { } n ? n.Value.ToString("+0.0;-0.0;0", Inv) + (n.Significant ? "" : " (n.s.)") : "–")
                .Append("</td><td class=\"num\">").Append(g.Churn.Lift is { } l ? l.ToString("0.00", Inv) + "×" + (g.Churn.Significant ? "" : " (n.s.)") : "–").Append("</td><td>")
                .Append(Bar(g.RevenueAtRisk?.Value, g.RevenueAtRisk?.Low, g.RevenueAtRisk?.High, max)).Append("</td><td>").Append(E(g.Why)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    /// <summary>A horizontal bar with its interval as a whisker, and the figure beside it.</summary>
    private static string Bar(double? value, double? low, double? high, double max)
    {
        if (value is not { } v || max <= 0)
        {
            return "–";
        }

        const double width = 160;
        double X(double x) => Math.Clamp(x / max, 0, 1) * width;
        var svg = new StringBuilder();
        svg.Append(string.Create(Inv, $"""<svg class="bar" width="{width + 70}" height="18" viewBox="0 0 {width + 70} 18" role="img" aria-label="{E(Figures.Money(v))}">"""));
        svg.Append(string.Create(Inv, $"""<rect x="0" y="4" width="{X(v):0.#}" height="10" fill="#c0392b"/>"""));
        if (low is { } lo && high is { } hi)
        {
            svg.Append(string.Create(Inv, $"""<line x1="{X(lo):0.#}" x2="{X(hi):0.#}" y1="9" y2="9" stroke="#1b2631" stroke-width="1"/>"""));
        }

        svg.Append(string.Create(Inv, $"""<text x="{width + 6}" y="14" font-size="11" fill="#1b2631">{E(Figures.Money(v))}</text></svg>"""));
        return svg.ToString();
    }

    private static void CompetitorSection(StringBuilder html, AuditReport r)
    {
        var c = r.Walks;
        html.Append("<section class=\"page\"><h2>Competitor comparison</h2>");
        if (c.Walks.Count == 0)
        {
            html.Append("<p>No audit walk of this journey yet: walk it, and a competitor's, on the audits page.</p>");
        }
        else
        {
            html.Append("<p class=\"lead\">Effort per touchpoint from the latest walk of each company, 1 (very easy) to 7 (very hard), with how the walker felt. Highlighted rows are friction gaps: our effort a point or more above the best alternative.</p>");
            html.Append("<table class=\"walks\"><thead><tr><th>Stage</th><th>Touchpoint</th>");
            foreach (var w in c.Walks)
            {
                html.Append("<th class=\"num\">").Append(E(w.IsUs ? "Us" : w.Company)).Append("<div class=\"muted\">").Append(w.WalkedAt?.ToString("yyyy-MM-dd", Inv) ?? "").Append("</div></th>");
            }

            html.Append("<th>Verdict</th></tr></thead><tbody>");
            foreach (var row in c.Rows)
            {
                html.Append("<tr").Append(row.FrictionGap ? " class=\"gap\"" : "").Append("><td>").Append(E(row.Touchpoint.Stage)).Append("</td><td>").Append(E(row.Touchpoint.Name))
                    .Append(row.Touchpoint.MomentOfTruth ? " ★" : "").Append("</td>");
                foreach (var cell in row.Cells)
                {
                    html.Append("<td class=\"num\">").Append(Effort(cell.Effort)).Append("<div class=\"muted\">").Append(E(cell.Emotion ?? "")).Append("</div></td>");
                }

                html.Append("<td>").Append(E(row.Verdict)).Append("</td></tr>");
            }

            html.Append("</tbody><tfoot><tr><td colspan=\"2\">Mean effort · high-effort steps · minutes</td>");
            foreach (var w in c.Walks)
            {
                html.Append("<td class=\"num\">").Append(w.MeanEffort?.ToString("0.0", Inv) ?? "–").Append("<div class=\"muted\">")
                    .Append(E($"{w.HighEffortSteps} of {w.Steps} · {w.Minutes.ToString("0", Inv)} min")).Append("</div></td>");
            }

            html.Append("<td></td></tr></tfoot></table>");
        }

        ReviewTable(html, r.Reviews);
        html.Append("</section>");
    }

    /// <summary>A small effort gauge: seven cells, filled up to the effort, coloured by band.</summary>
    private static string Effort(double? effort)
    {
        if (effort is not { } e)
        {
            return "–";
        }

        var colour = e >= 5 ? "#c0392b" : e >= 3.5 ? "#d68910" : "#1e8449";
        var svg = new StringBuilder(string.Create(Inv, $"""<svg class="gauge" width="64" height="10" viewBox="0 0 64 10" aria-hidden="true">"""));
        for (var i = 0; i < 7; i++)
        {
            svg.Append(string.Create(Inv, $"""<rect x="{i * 9}" y="1" width="8" height="8" fill="{(i < Math.Round(e) ? colour : "#e5e8eb")}"/>"""));
        }

        return svg.Append("</svg> ").Append(e.ToString("0.#", Inv)).ToString();
    }

    private static void ReviewTable(StringBuilder html, CompetitiveResponse reviews)
    {
        html.Append("<h3>What reviewers say</h3>");
        if (reviews.Companies.All(c => c.TooFew))
        {
            html.Append("<p>Too few reviews to compare.</p>");
            return;
        }

        html.Append("<table><thead><tr><th>Company</th><th class=\"num\">Stars (of 5)</th><th class=\"num\">95% CI</th><th class=\"num\">Reviews</th><th class=\"num\">Positive</th><th>Against us</th></tr></thead><tbody>");
        foreach (var c in reviews.Companies)
        {
            html.Append("<tr><td>").Append(E(c.IsUs ? "Us" : c.Name)).Append("</td><td class=\"num\">").Append(c.Value?.ToString("0.00", Inv) ?? "too few").Append("</td><td class=\"num\">")
                .Append(c.Low is { } lo && c.High is { } hi ? $"{lo.ToString("0.00", Inv)}–{hi.ToString("0.00", Inv)}" : "").Append("</td><td class=\"num\">").Append(c.N.ToString("N0", Inv))
                .Append("</td><td class=\"num\">").Append(c.PositiveShare is { } p ? p.ToString("0", Inv) + "%" : "").Append("</td><td>").Append(E(c.Verdict ?? "")).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void BenchmarkSection(StringBuilder html, AuditReport r)
    {
        html.Append("<section><h2>Benchmarks</h2>");
        if (r.Nps.Benchmarks.Count == 0 || r.Nps.Value is null)
        {
            html.Append("<p>No NPS benchmark applies, or too few answers.</p></section>");
            return;
        }

        html.Append("<p class=\"lead\">Our NPS of ").Append(r.Nps.Value.Value.ToString("+0;-0;0", Inv)).Append(" against published and internal references. A gap below zero is a gap to close.</p>");
        html.Append("<table><thead><tr><th>Reference</th><th>Level</th><th class=\"num\">Reference NPS</th><th class=\"num\">Our gap</th><th>Source</th></tr></thead><tbody>");
        foreach (var b in r.Nps.Benchmarks)
        {
            var reference = b.Value is { } v ? v.ToString("0", Inv) : b.Low is { } lo && b.High is { } hi ? $"{lo.ToString("0", Inv)}–{hi.ToString("0", Inv)}" : "";
            html.Append("<tr><td>").Append(E(b.Label)).Append("</td><td>").Append(E(b.Level)).Append("</td><td class=\"num\">").Append(reference).Append("</td><td class=\"num ")
                .Append(b.Gap < 0 ? "bad" : "good").Append("\">").Append(b.Gap?.ToString("+0.0;-0.0;0", Inv) ?? "–").Append("</td><td>").Append(E(b.Source ?? "")).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        if (r.Nps.Internal is { } best)
        {
            html.Append("<p>Internally, ").Append(E(best.Verdict)).Append(".</p>");
        }

        html.Append("</section>");
    }

    private static void InitiativesSection(StringBuilder html, AuditReport r)
    {
        var live = r.Initiatives.Where(i => i.Initiative.Status != Cairn.Core.Initiatives.InitiativeStatus.Cancelled).ToList();
        html.Append("<section><h2>Initiatives under way</h2>");
        if (live.Count == 0)
        {
            html.Append("<p>None yet.</p></section>");
            return;
        }

        html.Append("<table><thead><tr><th>Initiative</th><th>Owner</th><th>Status</th><th>Due</th><th>Measured effect</th></tr></thead><tbody>");
        foreach (var item in live)
        {
            var i = item.Initiative;
            html.Append("<tr><td>").Append(E(i.Title)).Append("</td><td>").Append(E(i.Owner)).Append("</td><td>").Append(E(Cairn.Core.Initiatives.InitiativeStatus.Label(i.Status)))
                .Append(item.Overdue ? " <span class=\"bad\">overdue</span>" : "").Append("</td><td>").Append(i.DueDate?.ToString("yyyy-MM-dd", Inv) ?? "").Append("</td><td>")
                .Append(E(item.Measurement?.Verdict ?? "measured after launch")).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Method(StringBuilder html, AuditReport r) =>
        html.Append("<section class=\"method\"><h2>How these figures are made</h2><p>")
            .Append(E($"Period {Period(r)}. NPS = % promoters (9-10) − % detractors (0-6), with a 95% interval. A gap's customers are those who raised a theme with negative sentiment, scored a touchpoint badly, or hit an accepted pain point before they left; churn lift compares their voluntary churn with everyone else's (Katz interval), excess churn is the difference (Newcombe interval), and revenue at risk multiplies the affected, the excess churn and lifetime value (mean monthly revenue ÷ monthly churn). Audit walks are one walker's observation per company, scored for effort on the CES scale; they name differences of a point or more and claim no significance."))
            .Append("</p><p>Cairn · generated ").Append(r.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)).Append("</p></section>");

    private static string Period(AuditReport r) => $"{r.From.ToString("yyyy-MM-dd", Inv)} to {r.To.AddDays(-1).ToString("yyyy-MM-dd", Inv)}";

    private static string KindLabel(string kind) => kind switch { "theme" => "theme", "touchpoint" => "touchpoint", _ => "pain point" };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
