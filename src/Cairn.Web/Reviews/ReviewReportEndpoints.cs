using System.Text;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Audits;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Reviews;

/// <summary>The periodic experience review: an HTML page designed for print, and the same page printed to PDF.</summary>
public static class ReviewReportEndpoints
{
    public static RouteGroupBuilder MapReviewReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/review", Report).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Strategy").WithName("ExperienceReview")
            .WithSummary("The experience review of the last complete month or quarter (period=month|quarter, default month) against the one before: headline NPS, CSAT and sentiment, where they improved or declined beyond chance by stage, touchpoint and segment, and the themes that rose or fell. format=html (default) or pdf.")
            .Produces(200, contentType: "text/html").Produces(200, contentType: "application/pdf").ProducesProblem(400).ProducesProblem(503);
        return api;
    }

    public static (Period Period, bool Pdf, IResult? Problem) Parse(string? period, string? format)
    {
        var errors = new List<ItemError>();
        var chosen = period?.Trim().ToLowerInvariant() switch
        {
            null or "" or "month" => Period.Month,
            "quarter" => Period.Quarter,
            _ => Fail(errors, "period", "month or quarter", Period.Month),
        };
        var pdf = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "html" => false,
            "pdf" => true,
            _ => Fail(errors, "format", "html or pdf", false),
        };
        return (chosen, pdf, errors.Count > 0 ? Problems.BadParameters("Invalid report query", errors) : null);
    }

    private static T Fail<T>(List<ItemError> errors, string field, string message, T fallback)
    {
        errors.Add(new ItemError(0, field, message));
        return fallback;
    }

    private static async Task<IResult> Report(HttpContext context, CairnStore store, TimeProvider time, string? period, string? format)
    {
        var (chosen, pdf, problem) = Parse(period, format);
        if (problem is not null)
        {
            return problem;
        }

        var html = ReviewReportHtml.Render(await ReviewReportService.BuildAsync(store, context.User.WorkspaceId(), chosen, time.GetUtcNow().UtcDateTime));
        if (!pdf)
        {
            context.Response.Headers.ContentSecurityPolicy = AuditReportHtml.ContentSecurityPolicy;
            return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        }

        try
        {
            return TypedResults.File(await PdfPrinter.PrintAsync(html, context.RequestAborted), "application/pdf", $"review-{chosen.ToString().ToLowerInvariant()}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "PDF printing unavailable", e.Message);
        }
    }
}
