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

        var name = $"journey-{id.ToString(CultureInfo.InvariantCulture)}.{kind}";
        try
        {
            return await BytesAsync(store, context.User.WorkspaceId(), id, kind, cancellationToken) is { } bytes
                ? Results.File(bytes, ContentTypes[kind], name)
                : NotFound(id);
        }
        catch (PdfUnavailableException e)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Picture unavailable", e.Message + " (format=svg works without it)");
        }
    }

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["svg"] = "image/svg+xml", ["png"] = "image/png", ["pdf"] = "application/pdf", ["json"] = "application/json",
    };

    /// <summary>
    /// The map as a file in <paramref name="format"/> (svg, png, pdf, json), or null when the journey
    /// is not the workspace's. PNG and PDF throw <see cref="PdfUnavailableException"/> without Chromium.
    /// </summary>
    public static async Task<byte[]?> BytesAsync(CairnStore store, long workspaceId, long id, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (format == "json")
        {
            return await store.JourneyAsync(workspaceId, id) is { } journey ? System.Text.Encoding.UTF8.GetBytes(JourneyJson.Export(journey.ToDefinition())) : null;
        }

        if (await JourneyMapService.MapAsync(store, workspaceId, id, null, null) is not { } map)
        {
            return null;
        }

        var svg = JourneyMapSvg.Render(map);
        if (format == "svg")
        {
            return System.Text.Encoding.UTF8.GetBytes(svg);
        }

        var size = Size().Match(svg);
        var (width, height) = (int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture));
        // The page is exactly the map: no margins, one page, nothing fetched (the SVG is inline, fonts are the system's).
        var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><style>@page {{ size: {width}px {height}px; margin: 0 }} html, body {{ margin: 0; background: #fff }} svg {{ display: block }}</style></head><body>{svg}</body></html>";
        return format == "png"
            ? await PdfPrinter.ScreenshotAsync(html, width, height, cancellationToken)
            : await PdfPrinter.PrintAsync(html, cancellationToken);
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Journey not found", $"no journey {id} in this workspace");

    [GeneratedRegex("<svg [^>]*?width=\"(\\d+)\" height=\"(\\d+)\"")]
    private static partial Regex Size();
}
