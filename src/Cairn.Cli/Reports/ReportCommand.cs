using System.CommandLine;
using System.Globalization;
using System.Text;
using Cairn.Cli.Serve;
using Cairn.Core.Ingestion;
using Cairn.Web.Audits;
using Cairn.Web.Priorities;

namespace Cairn.Cli.Reports;

/// <summary>
/// <c>cairn report audit --journey 1 --out audit.pdf</c>: the experience-audit report, the same page
/// as <c>GET /api/v1/reports/audit</c>, as PDF (printed by headless Chromium) or HTML. Asks the
/// running server when one holds the DuckDB file, else reads the database itself.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Write a report: audit (the experience-audit report of a journey) or review (the periodic experience review), as PDF or HTML.");
        command.Subcommands.Add(Review());
        var journey = new Option<string>("--journey") { Description = "The journey, by id or name [default: the first]" };
        var from = new Option<string?>("--from") { Description = "First day of the period (UTC) [default: 365 days before --to]" };
        var to = new Option<string?>("--to") { Description = "Day after the last (UTC, exclusive) [default: tomorrow]" };
        var output = new Option<string?>("--out") { Description = "File to write; .html writes the page, anything else a PDF [default: audit-JOURNEY-DATE.pdf]" };
        var audit = new Command("audit", "The experience-audit report: journey map, recommended initiatives, worst gaps by revenue at risk, competitor walks and reviews, benchmarks.")
        {
            journey, from, to, output, Settings.Db,
        };
        audit.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var journeyId = parse.GetValue(journey) is { Length: > 0 } named
                ? await source.ResolveAsync(named, cancellationToken)
                : (await source.GetAsync<List<Cairn.Storage.JourneySummary>>("journeys", async (s, w) => (await s.JourneysAsync(w)).ToList(), cancellationToken)) is [var first, ..]
                    ? first.Id
                    : throw new UsageException("the workspace has no journey to report on");
            var path = parse.GetValue(output);
            var html = path?.EndsWith(".html", StringComparison.OrdinalIgnoreCase) == true || path?.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) == true;
            var (fromText, toText) = (parse.GetValue(from), parse.GetValue(to));
            var query = $"reports/audit?journey={journeyId.ToString(CultureInfo.InvariantCulture)}&format={(html ? "html" : "pdf")}"
                + (fromText is null ? "" : "&from=" + Uri.EscapeDataString(fromText)) + (toText is null ? "" : "&to=" + Uri.EscapeDataString(toText));
            string? fileName = null;
            var bytes = await source.GetBytesAsync(query, async (store, workspace) =>
            {
                var now = store.Time.GetUtcNow().UtcDateTime;
                var errors = new List<ItemError>();
                var period = PriorityService.Read(fromText, toText, null, null, null, now, errors);
                if (errors.Count > 0)
                {
                    throw new UsageException(string.Join("; ", errors.Select(e => $"--{e.Field}: {e.Message}")));
                }

                var report = await AuditReportService.BuildAsync(store, workspace, journeyId, period, now) ?? throw new UsageException($"no journey {journeyId}");
                fileName = AuditReportEndpoints.FileName(report);
                var page = AuditReportHtml.Render(report);
                try
                {
                    return html ? Encoding.UTF8.GetBytes(page) : await PdfPrinter.PrintAsync(page, cancellationToken);
                }
                catch (PdfUnavailableException e)
                {
                    throw new UsageException(e.Message);
                }
            }, cancellationToken);
            path ??= fileName ?? $"audit-{journeyId.ToString(CultureInfo.InvariantCulture)}-{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            Console.Out.WriteLine($"wrote {path} ({bytes.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            return 0;
        });
        command.Subcommands.Add(audit);
        return command;
    }

    /// <summary><c>cairn report review [--period month|quarter] [--out FILE]</c>.</summary>
    private static Command Review()
    {
        var period = new Option<string>("--period") { Description = "month or quarter: the last complete one against the one before", DefaultValueFactory = _ => "month" };
        var output = new Option<string?>("--out") { Description = "File to write; .html writes the page, anything else a PDF [default: review-PERIOD-DATE.pdf]" };
        var review = new Command("review", "The experience review: headline NPS, CSAT and sentiment, where they improved or declined beyond chance by stage, touchpoint and segment, and the themes that drove it.")
        {
            period, output, Settings.Db,
        };
        review.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(output);
            var html = path?.EndsWith(".html", StringComparison.OrdinalIgnoreCase) == true || path?.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) == true;
            var (chosen, _, problem) = Cairn.Web.Reviews.ReviewReportEndpoints.Parse(parse.GetValue(period), null);
            if (problem is not null)
            {
                throw new UsageException("--period must be month or quarter");
            }

            var query = $"reports/review?period={chosen.ToString().ToLowerInvariant()}&format={(html ? "html" : "pdf")}";
            var bytes = await new ServerOrStore(Settings.Storage(parse)).GetBytesAsync(query, async (store, workspace) =>
            {
                var page = Cairn.Web.Reviews.ReviewReportHtml.Render(await Cairn.Web.Reviews.ReviewReportService.BuildAsync(store, workspace, chosen, store.Time.GetUtcNow().UtcDateTime));
                try
                {
                    return html ? Encoding.UTF8.GetBytes(page) : await PdfPrinter.PrintAsync(page, cancellationToken);
                }
                catch (PdfUnavailableException e)
                {
                    throw new UsageException(e.Message);
                }
            }, cancellationToken);
            path ??= $"review-{chosen.ToString().ToLowerInvariant()}-{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            Console.Out.WriteLine($"wrote {path} ({bytes.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            return 0;
        });
        return review;
    }
}
