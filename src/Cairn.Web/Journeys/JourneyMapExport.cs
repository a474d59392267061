using System.Globalization;
using System.Text.RegularExpressions;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Audits;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Journeys;

/// <summary>
/// <c>GET /api/v1/journeys/{id}/export?format=svg|png|pdf|json</c>: the map filled with data as a
/// picture for a slide or a page to print (PNG and PDF drawn from the same SVG by headless
/// Chromium, at the map's own size), or its definition as JSON.
/// </summary>
public static partial class JourneyMapExport
{
    private static readonly string[] Formats = ["svg", "png", "pdf", "json"];

    public static RouteGroupBuilder MapJourneyExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journeys/{id:long}/export", ExportAsync).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Journeys").WithName("ExportJourneyMap")
            .WithSummary("The map as a file: format=svg (default), png or pdf (the map filled with data, at its own size; PNG and PDF need Chromium), or json (the definition). 503 when Chromium is missing.")
            .Produces(200, contentType: "image/svg+xml").ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        return api;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, CairnStore store, long id, string? format, CancellationToken cancellationToken)
    {
        var kind = (format ?? "svg").Trim().ToLowerInvariant();
        if (!Formats.Contains(kind))
        {
            return Problems.BadParameters("Invalid export", [new ItemError(0, "format", "one of svg, png, pdf, json")]);
        }

        var workspaceId = context.User.WorkspaceId();
        var name = $"journey-{id.ToString(CultureInfo.InvariantCulture)}";
        if (kind == "json")
        {
            return await store.JourneyAsync(workspaceId, id) is { } journey
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(JourneyJson.Export(journey.ToDefinition())), "application/json", name + ".json")
                : NotFound(id);
        }

        if (await JourneyMapService.MapAsync(store, workspaceId, id, null, null) is not { } map)
        {
            return NotFound(id);
        }

        var svg = JourneyMapSvg.Render(map);
        if (kind == "svg")
        {
            return Results.File(System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml", name + ".svg");
        }

        var size = Size().Match(svg);
        var (width, height) = (int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture));
        // The page is exactly the map: no margins, one page, nothing fetched (the SVG is inline, fonts are the system's).
        var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><style>@page {{ size: {width}px {height}px; margin: 0 }} html, body {{ margin: 0; background: #fff }} svg {{ display: block }}</style></head><body>{svg}</body></html>";
        try
        {
            return kind == "png"
                ? Results.File(await PdfPrinter.ScreenshotAsync(html, width, height, cancellationToken), "image/png", name + ".png")
                : Results.File(await PdfPrinter.PrintAsync(html, cancellationToken), "application/pdf", name + ".pdf");
        }
        catch (PdfUnavailableException e)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Picture unavailable", e.Message + " (format=svg works without it)");
        }
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Journey not found", $"no journey {id} in this workspace");

    [GeneratedRegex("<svg [^>]*?width=\"(\\d+)\" height=\"(\\d+)\"")]
    private static partial Regex Size();
}
