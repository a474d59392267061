using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Surveys;

/// <summary>
/// Server-side triggers: <c>PUT /api/v1/surveys/{id}/triggers</c> with
/// <c>[{"event": "ticket_closed", "delayMinutes": 60, "send": true}]</c> invites every customer who
/// does the event, the delay after it, within the survey's contact rules and consent.
/// </summary>
public static class SurveyTriggerEndpoints
{
    public static RouteGroupBuilder MapSurveyTriggerApi(this RouteGroupBuilder api)
    {
        api.MapGet("/surveys/{id:long}/triggers", async (HttpContext c, CairnStore s, long id) =>
                await s.SurveyAsync(c.User.WorkspaceId(), id) is null ? Problems.SurveyNotFound(id) : TypedResults.Ok(await s.SurveyTriggersAsync(c.User.WorkspaceId(), id)))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Surveys").WithName("GetSurveyTriggers")
            .WithSummary("The events that invite customers to this survey: [{event, delayMinutes, send}].").Produces<IReadOnlyList<SurveyTrigger>>().ProducesProblem(404);
        api.MapPut("/surveys/{id:long}/triggers", Put).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Surveys").WithName("SetSurveyTriggers")
            .WithSummary("Replaces the triggers: [{\"event\": \"ticket_closed\", \"delayMinutes\": 60, \"send\": true}] (at most 10). Each customer who does the event is invited the delay after it (checked every minute), within the contact rules and consent; with send, the invitation is emailed. A new trigger counts events from now on.")
            .Accepts<IReadOnlyList<SurveyTrigger>>("application/json").Produces<IReadOnlyList<SurveyTrigger>>().ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> Put(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        var workspace = context.User.WorkspaceId();
        if (await store.SurveyAsync(workspace, id) is null)
        {
            return Problems.SurveyNotFound(id);
        }

        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var errors = new List<ItemError>();
        var triggers = SurveyTrigger.Read(document.RootElement, errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidItems(errors, "trigger(s)");
        }

        await store.SetSurveyTriggersAsync(workspace, id, triggers, store.Time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await store.SurveyTriggersAsync(workspace, id));
    }
}
