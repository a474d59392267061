using System.Globalization;
using Cairn.Core.Cases;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Cases;

/// <summary>
/// The case pages' form posts (anti-forgery checked). Each answers with a redirect back to the
/// page, carrying either a notice or the error in words, so a reload never posts twice.
/// </summary>
public static class CaseFormEndpoints
{
    public static void MapCaseForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cases/{id:long}/status", Move).RequireAuthorization(CairnClaims.CaseWorkPolicy).ExcludeFromDescription();
        app.MapPost("/cases/{id:long}/assign", Assign).RequireAuthorization(CairnClaims.CaseWorkPolicy).ExcludeFromDescription();
        app.MapPost("/cases/{id:long}/notes", Note).RequireAuthorization(CairnClaims.CaseWorkPolicy).ExcludeFromDescription();
        app.MapPost("/cases/{id:long}/follow-up", FollowUp).RequireAuthorization(CairnClaims.CaseWorkPolicy).ExcludeFromDescription();
        app.MapPost("/cases/rules", CreateRule).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/cases/rules/{id:long}/enabled", Enable).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/cases/routes", CreateRoute).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/cases/routes/{id:long}/delete", DeleteRoute).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/cases/sweep", Sweep).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult Back(string page, string? error, string notice) =>
        TypedResults.Redirect(page + (error is null ? "?saved=" + Uri.EscapeDataString(notice) : "?error=" + Uri.EscapeDataString(error)));

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "web";

    private static DateTime Now(CairnStore store) => store.Time.GetUtcNow().UtcDateTime;

    private static string? First(List<ItemError> errors) => errors.Count == 0 ? null : string.Join("; ", errors.Select(e => e.Message));

    private static async Task<IResult> Move(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var status = form["status"].ToString();
        var rootCause = form["rootCause"].ToString().Trim();
        if (!CaseStatus.IsKnown(status) || rootCause.Length > CaseService.MaxRootCause)
        {
            return Back($"/cases/{id}", "choose a status (and a root cause of at most 200 characters)", "");
        }

        var (outcome, reason) = await store.MoveCaseAsync(context.User.WorkspaceId(), id, status, rootCause.Length > 0 ? rootCause : null, Actor(context), Now(store));
        return outcome == CaseChangeOutcome.NotFound ? TypedResults.NotFound() : Back($"/cases/{id}", reason, $"Moved to {CaseStatus.Label(status).ToLowerInvariant()}.");
    }

    private static async Task<IResult> Assign(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var errors = new List<ItemError>();
        var owner = await Owners.CheckAsync(store, context.User.WorkspaceId(), form["owner"], errors);
        if (errors.Count > 0)
        {
            return Back($"/cases/{id}", First(errors), "");
        }

        return await store.AssignCaseAsync(context.User.WorkspaceId(), id, owner, Actor(context), Now(store)) == CaseChangeOutcome.NotFound
            ? TypedResults.NotFound()
            : Back($"/cases/{id}", null, owner is null ? "Unassigned." : $"Assigned to {owner}.");
    }

    private static async Task<IResult> Note(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        var text = form["text"].ToString().Trim();
        if (text.Length is 0 or > CaseService.MaxNote)
        {
            return Back($"/cases/{id}", $"write a note of 1 to {CaseService.MaxNote:N0} characters", "");
        }

        return await store.AddCaseNoteAsync(context.User.WorkspaceId(), id, text, Actor(context), Now(store)) == CaseChangeOutcome.NotFound
            ? TypedResults.NotFound()
            : Back($"/cases/{id}", null, "Note added.");
    }

    private static async Task<IResult> FollowUp(HttpContext context, CairnStore store, CairnWebOptions options, long id, IFormCollection form)
    {
        var origin = Origin.Of(context);
        var (outcome, errors) = await CaseService.FollowUpAsync(store, context.User.WorkspaceId(), id, form["subject"], form["body"], form["resurvey"] == "on",
            options.Smtp is not null, origin, Actor(context));
        return outcome == CaseChangeOutcome.NotFound
            ? TypedResults.NotFound()
            : Back($"/cases/{id}", First(errors), options.Smtp is null ? "Follow-up saved (not emailed: SMTP is not configured)." : "Follow-up queued for sending.");
    }

    private static async Task<IResult> CreateRule(HttpContext context, CairnStore store, IFormCollection form)
    {
        var workspaceId = context.User.WorkspaceId();
        var sla = int.TryParse(form["slaHours"], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : (int?)null;
        if (sla is null && form["slaHours"].ToString().Length > 0)
        {
            return Back("/cases/rules", "the SLA is a whole number of hours", "");
        }

        var (condition, name, owner, slaHours, since, errors) = await CaseService.ValidateRuleAsync(store, workspaceId,
            new CaseRuleRequest(form["name"], form["condition"], form["owner"], sla, form["since"]));
        if (condition is null)
        {
            return Back("/cases/rules", First(errors), "");
        }

        await store.CreateCaseRuleAsync(workspaceId, name, condition, owner, slaHours, since, Actor(context));
        return Back("/cases/rules", null, $"Rule \"{name}\" added; it runs within a minute (or press Run rules now).");
    }

    private static async Task<IResult> Enable(HttpContext context, CairnStore store, long id, IFormCollection form) =>
        await store.SetCaseRuleEnabledAsync(context.User.WorkspaceId(), id, form["enabled"] == "true")
            ? Back("/cases/rules", null, form["enabled"] == "true" ? "Rule turned on." : "Rule turned off.")
            : TypedResults.NotFound();

    private static async Task<IResult> CreateRoute(HttpContext context, CairnStore store, IFormCollection form)
    {
        var workspaceId = context.User.WorkspaceId();
        var (touchpoint, segment, owner, errors) = await CaseService.ValidateRouteAsync(store, workspaceId, new CaseRouteRequest(form["touchpoint"], form["segment"], form["owner"]));
        if (errors.Count > 0)
        {
            return Back("/cases/rules", First(errors), "");
        }

        await store.AddCaseRouteAsync(workspaceId, touchpoint, segment, owner);
        return Back("/cases/rules", null, "Route added.");
    }

    private static async Task<IResult> DeleteRoute(HttpContext context, CairnStore store, long id, IFormCollection form)
    {
        _ = form; // a form post, so anti-forgery applies
        return await store.DeleteCaseRouteAsync(context.User.WorkspaceId(), id) ? Back("/cases/rules", null, "Route removed.") : TypedResults.NotFound();
    }

    private static async Task<IResult> Sweep(HttpContext context, CairnStore store, IFormCollection form)
    {
        _ = form;
        var opened = await store.OpenCasesAsync(context.User.WorkspaceId(), Now(store));
        return Back("/cases/rules", null, $"Rules ran: {opened:N0} new case(s).");
    }
}
