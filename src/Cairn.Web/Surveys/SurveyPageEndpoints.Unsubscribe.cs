using Cairn.Core.Customers;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Surveys;

/// <summary>
/// One-click unsubscribe (RFC 8058) from survey invitations. An invitation email carries
/// <c>List-Unsubscribe: &lt;…/s/{id}/unsubscribe?t=TOKEN&gt;</c> and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>: the mail client POSTs there and the
/// customer's consent is withdrawn at once. A GET only shows a confirmation button, because mail
/// scanners fetch every link. The signed invitation token is the credential; an expired link
/// still unsubscribes (a customer must always be able to say stop), a forged one never does.
/// </summary>
public static partial class SurveyPageEndpoints
{
    public static void MapUnsubscribePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s/{surveyId:long}/unsubscribe", ConfirmUnsubscribe).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/s/{surveyId:long}/unsubscribe", Unsubscribe).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>The invited customer behind a token, or a page saying why not.</summary>
    private static async Task<(long Workspace, string? CustomerId, string Title, IResult? Problem)> InvitedAsync(CairnStore store, long surveyId, string? token, string locale)
    {
        var workspace = await store.SurveyWorkspaceAsync(surveyId);
        var survey = workspace is { } w ? await store.SurveyAsync(w, surveyId) : null;
        if (survey is null)
        {
            return (0, null, "", Html(SurveyHtml.Message("Survey not found", "There is no survey at this address. Check the link you were sent.", locale), StatusCodes.Status404NotFound));
        }

        var title = survey.Definition.Title.For(locale);
        var problem = InvitationToken.Read(await store.LinkSecretAsync(workspace!.Value), token, store.Time.GetUtcNow().UtcDateTime, out var linkSurvey, out var invitationId);
        var invitation = problem is InvitationToken.Problem.None or InvitationToken.Problem.Expired && linkSurvey == surveyId
            ? await store.InvitationAsync(workspace.Value, invitationId)
            : null;
        return invitation is null || invitation.SurveyId != surveyId
            ? (0, null, title, Html(SurveyHtml.Message(title, "This link is not valid. Please use the link from your invitation exactly as it was sent.", locale), StatusCodes.Status403Forbidden))
            : (workspace.Value, invitation.CustomerId, title, null);
    }

    private static async Task<IResult> ConfirmUnsubscribe(HttpContext context, CairnStore store, long surveyId, string? t, string? lang)
    {
        var locale = Locale(context, lang);
        var (_, customer, title, problem) = await InvitedAsync(store, surveyId, t, locale);
        return customer is null ? problem! : Html(SurveyHtml.Unsubscribe(title, surveyId, t!, locale));
    }

    private static async Task<IResult> Unsubscribe(HttpContext context, CairnStore store, long surveyId, string? t, string? lang)
    {
        var locale = Locale(context, lang);
        // RFC 8058 sends the token in the URL and "List-Unsubscribe=One-Click" as the body; the confirmation form sends it as a field.
        var token = t ?? (context.Request.HasFormContentType ? (await context.Request.ReadFormAsync()).TryGetValue("t", out var field) ? field.ToString() : null : null);
        var (workspace, customer, title, problem) = await InvitedAsync(store, surveyId, token, locale);
        if (customer is null)
        {
            return problem!;
        }

        await store.SetCustomerConsentAsync(workspace, customer, new ConsentChange(ConsentState.Withdrawn, null, null, null), "unsubscribe link", "customer");
        return Html(SurveyHtml.Message(title, "You are unsubscribed: we will not invite you to surveys again. If this was a mistake, tell us and we will ask you first.", locale));
    }
}
