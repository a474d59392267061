using Cairn.Core.Audits;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Storage.Audits;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Audits;

/// <summary>Act: experience audits, walks of our journey and competitors' (mystery shopping), step by step with evidence.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audits", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Audits")
            .WithName("ListAudits").WithSummary("Every audit walk, newest first (journey=ID for one journey's), with its step count and mean effort.")
            .Produces<IReadOnlyList<AuditResponse>>().ProducesProblem(400);
        api.MapPost("/audits", Create).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Audits")
            .WithName("CreateAudit").WithSummary("Starts a walk of a journey: subject own, or competitor with the competitor named; walker and day of the walk.")
            .Accepts<AuditRequest>("application/json").Produces<AuditResponse>(201).ProducesProblem(422);
        api.MapGet("/audits/{id:long}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Audits")
            .WithName("GetAudit").WithSummary("One walk with its steps: touchpoint, action, effort (1-7), emotion, minutes, observation, evidence.")
            .Produces<AuditResponse>().ProducesProblem(404);
        api.MapPost("/audits/{id:long}/steps", AddStep).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Audits")
            .WithName("AddAuditStep").WithSummary("Appends a step at a touchpoint of the walk's journey.")
            .Accepts<AuditStepRequest>("application/json").Produces<AuditStepResponse>(201).ProducesProblem(404).ProducesProblem(422);
        api.MapDelete("/audits/{id:long}/steps/{stepId:long}", DeleteStep).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Audits")
            .WithName("DeleteAuditStep").WithSummary("Deletes a step and its evidence.").Produces(204).ProducesProblem(404);
        api.MapPut("/audits/{id:long}/steps/{stepId:long}/evidence", PutEvidence).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Audits")
            .WithName("PutAuditEvidence")
            .WithSummary("Attaches the request body as the step's evidence (PNG, JPEG, WebP, GIF or PDF, at most 5 MB, recognised by its bytes); name=FILE names it. Replaces earlier evidence.")
            .Produces<AuditStepResponse>().ProducesProblem(404).ProducesProblem(413).ProducesProblem(415);
        api.MapGet("/audits/{id:long}/steps/{stepId:long}/evidence", GetEvidence).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Audits")
            .WithName("GetAuditEvidence").WithSummary("The step's evidence file, as uploaded.").Produces(200).ProducesProblem(404);
        api.MapGet("/audits/compare", Compare).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Audits")
            .WithName("CompareAudits")
            .WithSummary("The latest walk of us and of each competitor on a journey, side by side per touchpoint, with friction gaps: where our effort is a point or more above the best alternative.")
            .Produces<ComparisonResponse>().ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    internal static DateTime Now(CairnStore store) => store.Time.GetUtcNow().UtcDateTime;

    internal static IResult NotFound(string what) => Problems.Create(StatusCodes.Status404NotFound, "Audit not found", what);

    /// <summary>Reads a journey id query parameter: null with no error when absent, an error when malformed.</summary>
    internal static long? JourneyParameter(string? text, List<ItemError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.Add(new ItemError(0, "journey", "a journey id, e.g. journey=1"));
        return null;
    }

    private static async Task<IResult> List(HttpContext context, CairnStore store, string? journey)
    {
        var errors = new List<ItemError>();
        var journeyId = JourneyParameter(journey, errors);
        return errors.Count > 0
            ? Problems.BadParameters("Invalid query", errors)
            : TypedResults.Ok((await store.AuditsAsync(context.User.WorkspaceId(), journeyId)).Select(a => AuditResponse.Of(a)).ToList());
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, long id)
    {
        var workspaceId = context.User.WorkspaceId();
        return await store.AuditAsync(workspaceId, id) is { } audit
            ? TypedResults.Ok(AuditResponse.Of(audit, await store.AuditStepsAsync(workspaceId, id)))
            : NotFound($"no audit {id} in this workspace");
    }

    private static async Task<IResult> Create(HttpContext context, CairnStore store, AuditRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        var (draft, errors) = await AuditService.ValidateAsync(store, workspaceId, request, Now(store));
        if (draft is null)
        {
            return Problems.Unprocessable("Invalid audit", errors);
        }

        var id = await store.CreateAuditAsync(workspaceId, draft, context.User.Identity?.Name ?? "api");
        return TypedResults.Created($"/api/v1/audits/{id}", AuditResponse.Of((await store.AuditAsync(workspaceId, id))!, []));
    }

    private static async Task<IResult> AddStep(HttpContext context, CairnStore store, long id, AuditStepRequest request)
    {
        var workspaceId = context.User.WorkspaceId();
        if (await store.AuditAsync(workspaceId, id) is not { } audit)
        {
            return NotFound($"no audit {id} in this workspace");
        }

        var (draft, errors) = await AuditService.ValidateStepAsync(store, workspaceId, audit, request);
        if (draft is null)
        {
            return Problems.Unprocessable("Invalid step", errors);
        }

        var stepId = await store.AddAuditStepAsync(workspaceId, id, draft);
        var step = (await store.AuditStepsAsync(workspaceId, id)).Single(s => s.Id == stepId);
        return TypedResults.Created($"/api/v1/audits/{id}/steps/{stepId}", AuditStepResponse.Of(step));
    }

    private static async Task<IResult> DeleteStep(HttpContext context, CairnStore store, long id, long stepId) =>
        await store.DeleteAuditStepAsync(context.User.WorkspaceId(), id, stepId) ? TypedResults.NoContent() : NotFound($"no step {stepId} in audit {id} of this workspace");

    private static async Task<IResult> PutEvidence(HttpContext context, CairnStore store, long id, long stepId, string? name)
    {
        var (bytes, status, error) = await EvidenceUpload.ReadAsync(context.Request.Body, context.Request.ContentLength, context.RequestAborted);
        if (error is not null)
        {
            return Problems.Create(status, status == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Unsupported evidence", error);
        }

        var workspaceId = context.User.WorkspaceId();
        var evidence = new AuditEvidence(EvidenceFile.Detect(bytes)!, EvidenceUpload.Name(name), bytes!);
        if (!await store.SaveAuditEvidenceAsync(workspaceId, id, stepId, evidence))
        {
            return NotFound($"no step {stepId} in audit {id} of this workspace");
        }

        return TypedResults.Ok(AuditStepResponse.Of((await store.AuditStepsAsync(workspaceId, id)).Single(s => s.Id == stepId)));
    }

    private static async Task<IResult> GetEvidence(HttpContext context, CairnStore store, long id, long stepId)
    {
        if (await store.AuditEvidenceAsync(context.User.WorkspaceId(), id, stepId) is not { } evidence)
        {
            return NotFound($"step {stepId} of audit {id} has no evidence in this workspace");
        }

        // Images show in the page; a PDF downloads. The type was detected from the bytes at upload, and nosniff holds the browser to it.
        context.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition
        {
            FileName = evidence.Name,
            Inline = evidence.ContentType.StartsWith("image/", StringComparison.Ordinal),
        }.ToString();
        return TypedResults.Bytes(evidence.Data, evidence.ContentType);
    }

    private static async Task<IResult> Compare(HttpContext context, CairnStore store, string? journey)
    {
        var errors = new List<ItemError>();
        var journeyId = JourneyParameter(journey, errors);
        if (journeyId is null)
        {
            return Problems.BadParameters("Invalid query", errors.Count > 0 ? errors : [new ItemError(0, "journey", "the journey to compare walks on, e.g. journey=1")]);
        }

        return await AuditService.CompareAsync(store, context.User.WorkspaceId(), journeyId.Value) is { } comparison
            ? TypedResults.Ok(comparison)
            : NotFound($"no journey {journeyId} in this workspace");
    }
}
