using System.Globalization;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Surveys;

/// <summary>Listen: responses exported from another tool (a Qualtrics export or a generic CSV), imported onto a survey through the API or the survey page's form.</summary>
public static class ResponseImportEndpoints
{
    /// <summary>An export of a few million responses fits; the usual 10 MB limit on a request body does not apply here.</summary>
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;

    public static RouteGroupBuilder MapResponseImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/surveys/{id:long}/responses/import", Import).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Surveys")
            .WithName("ImportResponses")
            .WithSummary("Imports responses exported from another tool. The body is the CSV file: a Qualtrics export (its three header rows; ResponseId, StartDate, RecordedDate, Finished, ExternalReference as the customer; question columns matched by map, by question id or by the question's text) or a generic CSV (id, optional customer_id, started_at, completed_at, complete, one column per question id; several choices separated by ;). ?map=Q1=nps,Q2=why names columns. Each row is checked like a respondent's submission and keeps its own dates; a refused row is reported with its line and the rest are imported, 5,000 per transaction; an id already stored is skipped, so sending the file again adds nothing.")
            .Accepts<string>("text/csv").Produces<ResponseCsvImport.Report>().ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    /// <summary>The survey page's upload form (anti-forgery checked): the same import, its report shown on the page.</summary>
    public static void MapResponseImportForm(this IEndpointRouteBuilder app) =>
        app.MapPost("/surveys/{id:long}/import", ImportForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();

    /// <summary>Rejected lines named on the page; the rest are counted (the CLI and the API list them all).</summary>
    private const int ShownRejections = 10;

    private static async Task<IResult> ImportForm(HttpContext context, CairnStore store, IAntiforgery antiforgery, long id)
    {
        var workspace = context.User.WorkspaceId();
        var survey = await store.SurveyAsync(workspace, id);
        if (survey is null)
        {
            return TypedResults.NotFound();
        }

        // The form is read here, not bound, so the larger body limit is set before anything reads it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        string Back(string key, string message) => $"/surveys/{id}?{key}={Uri.EscapeDataString(message)}#import";
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Redirect(Back("error", "The form had expired; choose the file again."));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return TypedResults.Redirect(Back("error", "Choose a CSV file to import."));
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var report = await ResponseCsvImport.RunAsync(store, workspace, survey, stream, ResponseCsvImport.Mapping(form["map"]), null, context.RequestAborted);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"{file.FileName}: {report.Rows:N0} rows read, {report.Accepted:N0} imported, {report.Duplicates:N0} already stored, {report.Rejected.Count:N0} refused.");
            if (report.Rejected.Count > 0)
            {
                message += " " + string.Join(" ", report.Rejected.Take(ShownRejections).Select(r => $"Line {r.Line}: {r.Reason}."))
                    + (report.Rejected.Count > ShownRejections ? $" And {report.Rejected.Count - ShownRejections:N0} more." : "");
            }

            if (report.Ignored.Count > 0)
            {
                message += $" Columns answering no question: {string.Join(", ", report.Ignored.Take(12))}.";
            }

            return TypedResults.Redirect(Back(report.Accepted + report.Duplicates > 0 ? "imported" : "error", message));
        }
        catch (ResponseCsvImport.UnmappableException e)
        {
            return TypedResults.Redirect(Back("error", $"{file.FileName}: {e.Message}"));
        }
    }

    private static async Task<IResult> Import(HttpContext context, CairnStore store, long id, string? map, CancellationToken cancellationToken)
    {
        var workspace = context.User.WorkspaceId();
        var survey = await store.SurveyAsync(workspace, id);
        if (survey is null)
        {
            return Problems.SurveyNotFound(id);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            var mapping = ResponseCsvImport.Mapping(map);
            return TypedResults.Ok(await ResponseCsvImport.RunAsync(store, workspace, survey, context.Request.Body, mapping, null, cancellationToken));
        }
        catch (ResponseCsvImport.UnmappableException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Cannot map the file onto the survey", e.Message);
        }
    }
}
