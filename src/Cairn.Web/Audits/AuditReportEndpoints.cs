using System.Globalization;
using System.Text;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Cairn.Web.Priorities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Audits;

/// <summary>The experience-audit report: an HTML page designed for print, and the same page printed to PDF.</summary>
public static class AuditReportEndpoints
{
    public static RouteGroupBuilder MapAuditReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/audit", Report).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Audits")
            .WithName("AuditReport")
            .WithSummary("The experience-audit report of a journey (journey=ID; from, to: the period, default the last 365 days): the journey map, recommended initiatives, the worst gaps by revenue at risk, competitor walks and reviews, benchmarks. format=html (default) or pdf (printed by headless Chromium).")
            .Produces(200, contentType: "text/html").Produces(200, contentType: "application/pdf").ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        return api;
    }

    private static async Task<IResult> Report(HttpContext context, CairnStore store, string? journey, string? from, string? to, string? format)
    {
        var errors = new List<ItemError>();
        var journeyId = AuditEndpoints.JourneyParameter(journey, errors);
        if (journeyId is null && errors.Count == 0)
        {
            errors.Add(new ItemError(0, "journey", "the journey to report on, e.g. journey=1"));
        }

        var now = AuditEndpoints.Now(store);
        var period = PriorityService.Read(from, to, null, null, null, now, errors);
        var pdf = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "html" => false,
            "pdf" => true,
            _ => Fail(errors, "format", "html or pdf"),
        };
        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid report query", errors);
        }

        var report = await AuditReportService.BuildAsync(store, context.User.WorkspaceId(), journeyId!.Value, period, now);
        if (report is null)
        {
            return AuditEndpoints.NotFound($"no journey {journeyId} in this workspace");
        }

        var html = AuditReportHtml.Render(report);
        if (!pdf)
        {
            context.Response.Headers.ContentSecurityPolicy = AuditReportHtml.ContentSecurityPolicy;
            return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        }

        try
        {
            var bytes = await PdfPrinter.PrintAsync(html, context.RequestAborted);
            return TypedResults.File(bytes, "application/pdf", FileName(report));
        }
        catch (PdfUnavailableException e)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "PDF printing unavailable", e.Message);
        }
    }

    /// <summary>audit-JOURNEY-YYYY-MM-DD.pdf, with the journey name reduced to letters, digits and dashes.</summary>
    public static string FileName(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var slug = new string(report.Map.Journey.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return $"audit-{(slug.Length == 0 ? "journey" : slug)}-{report.GeneratedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";
    }

    private static bool Fail(List<ItemError> errors, string field, string message)
    {
        errors.Add(new ItemError(0, field, message));
        return false;
    }
}
