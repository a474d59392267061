using System.Globalization;
using Cairn.Core.Audits;
using Cairn.Storage;
using Cairn.Storage.Audits;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Audits;

/// <summary>The audit pages' forms (anti-forgery checked): start a walk, add and delete steps, attach evidence.</summary>
public static class AuditFormEndpoints
{
    public static void MapAuditForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/audits", Create).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/audits/{id:long}/steps", AddStep).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/audits/{id:long}/steps/{stepId:long}/delete", DeleteStep).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        app.MapPost("/audits/{id:long}/steps/{stepId:long}/evidence", Evidence).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
    }

    private static string Message(IEnumerable<Core.Ingestion.ItemError> errors) => Uri.EscapeDataString(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static async Task<IResult> Create(HttpContext context, CairnStore store, IFormCollection form)
    {
        var request = new AuditRequest(form["title"], form["subject"], form["competitor"], Long(form["journeyId"]), form["walker"], form["walkedAt"].ToString() is { Length: > 0 } d ? d : null, form["notes"]);
        var workspaceId = context.User.WorkspaceId();
        var (draft, errors) = await AuditService.ValidateAsync(store, workspaceId, request, AuditEndpoints.Now(store));
        if (draft is null)
        {
            return TypedResults.Redirect($"/audits?journey={request.JourneyId}&error={Message(errors)}#start");
        }

        var id = await store.CreateAuditAsync(workspaceId, draft, context.User.Identity?.Name ?? "web");
        return TypedResults.Redirect($"/audits/{id}?saved=" + Uri.EscapeDataString("Walk started: add its steps below."));
    }

    private static async Task<IResult> AddStep(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var workspaceId = context.User.WorkspaceId();
        if (await store.AuditAsync(workspaceId, id) is not { } audit)
        {
            return TypedResults.NotFound();
        }

        var minutes = double.TryParse(form["minutes"], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : (double?)null;
        var effort = int.TryParse(form["effort"], NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : (int?)null;
        var request = new AuditStepRequest(Long(form["touchpointId"]), form["action"], effort, form["emotion"], minutes, form["observation"]);
        var (draft, errors) = await AuditService.ValidateStepAsync(store, workspaceId, audit, request);
        if (draft is null)
        {
            return TypedResults.Redirect($"/audits/{id}?error={Message(errors)}#add-step");
        }

        await store.AddAuditStepAsync(workspaceId, id, draft);
        return TypedResults.Redirect($"/audits/{id}?saved=" + Uri.EscapeDataString("Step added.") + "#add-step");
    }

    private static async Task<IResult> DeleteStep(HttpContext context, CairnStore store, long id, long stepId) =>
        await store.DeleteAuditStepAsync(context.User.WorkspaceId(), id, stepId)
            ? TypedResults.Redirect($"/audits/{id}?saved=" + Uri.EscapeDataString("Step deleted."))
            : TypedResults.NotFound();

    private static async Task<IResult> Evidence(HttpContext context, CairnStore store, long id, long stepId, IFormFile? file)
    {
        if (file is null)
        {
            return TypedResults.Redirect($"/audits/{id}?error=" + Uri.EscapeDataString("choose a file to attach"));
        }

        await using var stream = file.OpenReadStream();
        var (bytes, _, error) = await EvidenceUpload.ReadAsync(stream, file.Length, context.RequestAborted);
        if (error is not null)
        {
            return TypedResults.Redirect($"/audits/{id}?error=" + Uri.EscapeDataString($"{EvidenceUpload.Name(file.FileName)}: {error}"));
        }

        var saved = await store.SaveAuditEvidenceAsync(context.User.WorkspaceId(), id, stepId, new AuditEvidence(EvidenceFile.Detect(bytes)!, EvidenceUpload.Name(file.FileName), bytes!));
        return saved ? TypedResults.Redirect($"/audits/{id}?saved=" + Uri.EscapeDataString("Evidence attached.")) : TypedResults.NotFound();
    }
}
