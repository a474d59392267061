using System.Globalization;
using System.Text.RegularExpressions;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Surveys;

/// <summary>
/// The hosted survey page <c>/s/{survey}</c>: public, server-rendered, a page per branch point,
/// answers saved as the respondent goes (partial, resumable with <c>?rid=</c>), complete once.
/// A GET never records an answer (mail scanners prefetch links); <c>?score=N</c> only preselects
/// the first question's answer. Rate-limited per address.
/// </summary>
public static partial class SurveyPageEndpoints
{
    public static void MapSurveyPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s/{surveyId:long}", Show).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().ExcludeFromDescription();
        // A public form with no ambient credentials: nothing for a forged request to borrow, so no
        // anti-forgery token; the response id in the form is what makes repeats harmless.
        app.MapPost("/s/{surveyId:long}", Answer).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> Show(HttpContext context, CairnStore store, long surveyId, string? rid, string? lang, string? score, string? t)
    {
        var locale = Locale(context, lang);
        var (survey, workspace, problem) = await Load(store, surveyId, locale);
        if (survey is null)
        {
            return problem!;
        }

        var (respondent, refused) = await Identify(store, workspace, survey, t, rid, locale);
        if (respondent is null)
        {
            return refused!;
        }

        var saved = respondent.New ? NothingSaved() : await store.ResponseAsync(workspace, respondent.ResponseId);
        if (saved.Complete)
        {
            return Html(SurveyHtml.ThankYou(survey.Definition.Title.For(locale), locale));
        }

        var seen = saved.Answers.Keys.ToHashSet(StringComparer.Ordinal);
        var step = SurveySteps.Next(survey.Definition, saved.Answers, seen);
        double? preselect = double.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        return Html(SurveyHtml.Page(new SurveyHtml.PageModel(surveyId, survey.Definition.Title.For(locale), locale, respondent.ResponseId, step, seen, saved.Answers, [],
            IsLast(survey.Definition, saved.Answers, seen, step), preselect, respondent.Token)));
    }

    /// <summary>
    /// Who answers: an invited customer (signed token → the invitation's id is the response id), or an
    /// anonymous visitor; <paramref name="New"/> when the response id was made for this request (nothing to read).
    /// </summary>
    private sealed record Respondent(string ResponseId, string? CustomerId, string? Token, string? InvitationId, bool New = false);

    private static (bool Exists, bool Complete, Dictionary<string, AnswerValue> Answers) NothingSaved() => (false, false, new Dictionary<string, AnswerValue>(StringComparer.Ordinal));

    private static async Task<(Respondent? Respondent, IResult? Problem)> Identify(CairnStore store, long workspace, StoredSurvey survey, string? token, string? rid, string locale)
    {
        if (string.IsNullOrEmpty(token))
        {
            return rid is not null && RidSyntax().IsMatch(rid)
                ? (new Respondent(rid, null, null, null), null)
                : (new Respondent("w" + Guid.NewGuid().ToString("N"), null, null, null, New: true), null);
        }

        var title = survey.Definition.Title.For(locale);
        var problem = InvitationToken.Read(await store.LinkSecretAsync(workspace), token, store.Time.GetUtcNow().UtcDateTime, out var linkSurvey, out var invitationId);
        var invitation = problem == InvitationToken.Problem.None && linkSurvey == survey.Id ? await store.InvitationAsync(workspace, invitationId) : null;
        if (problem == InvitationToken.Problem.Expired)
        {
            return (null, Html(SurveyHtml.Message(title, "This link has expired. Thank you for your interest.", locale), StatusCodes.Status410Gone));
        }

        if (invitation is null || invitation.SurveyId != survey.Id)
        {
            return (null, Html(SurveyHtml.Message(title, "This link is not valid. Please use the link from your invitation exactly as it was sent.", locale), StatusCodes.Status403Forbidden));
        }

        await store.MarkInvitationAsync(workspace, invitation.Id, responded: false);
        return (new Respondent(invitation.Id, invitation.CustomerId, token, invitation.Id), null);
    }

    private static async Task<IResult> Answer(HttpContext context, CairnStore store, long surveyId, IFormCollection form)
    {
        var locale = Locale(context, form["lang"]);
        var (survey, workspace, problem) = await Load(store, surveyId, locale);
        if (survey is null)
        {
            return problem!;
        }

        var title = survey.Definition.Title.For(locale);
        var token = form["t"].ToString();
        if (token.Length == 0 && !RidSyntax().IsMatch(form["rid"].ToString()))
        {
            return Html(SurveyHtml.Message(title, "This form is incomplete or was changed. Open the survey link again to start.", locale), StatusCodes.Status400BadRequest);
        }

        var (respondent, refused) = await Identify(store, workspace, survey, token, form["rid"], locale);
        if (respondent is null)
        {
            return refused!;
        }

        var rid = respondent.ResponseId;

        var definition = survey.Definition;
        var shown = Ids(form["shown"], definition);
        var seen = Ids(form["seen"], definition);
        seen.UnionWith(shown);
        // A first step (nothing seen before it) is saved without reading the response: it is almost
        // always new. When it is not (a double submit, the back button, a second tab), the store
        // changes nothing and says so, and the step is done again with what is saved.
        var unread = seen.SetEquals(shown);
        var saved = unread ? NothingSaved() : await store.ResponseAsync(workspace, rid);
        while (true)
        {
            if (saved.Complete)
            {
                return Html(SurveyHtml.ThankYou(title, locale));
            }

            // Every posted question is read, not only those shown, so an answer to a hidden question is caught.
            var answers = new Dictionary<string, AnswerValue>(saved.Answers, StringComparer.Ordinal);
            var posted = new HashSet<string>(StringComparer.Ordinal);
            var errors = new List<ItemError>();
            foreach (var question in definition.Questions)
            {
                var values = form["q_" + question.Id];
                if (values.Count == 0 && !shown.Contains(question.Id))
                {
                    continue;
                }

                posted.Add(question.Id);
                answers.Remove(question.Id);
                if (Read(question, values, errors) is { IsEmpty: false } value)
                {
                    answers[question.Id] = value;
                }
            }

            // Saved answers to questions that are no longer visible (the respondent changed a branch) are
            // dropped; posted ones stay, so validation refuses an answer to a hidden question.
            var visible = definition.Visible(answers).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in answers.Keys.Where(id => !visible.Contains(id) && !posted.Contains(id)).ToList())
            {
                answers.Remove(id);
            }

            var next = SurveySteps.Next(definition, answers, seen);
            var complete = next.Count == 0;
            errors.AddRange(AnswerValidation.Validate(definition, answers, complete));
            if (errors.Count > 0)
            {
                var again = definition.Questions.Where(q => shown.Contains(q.Id) || errors.Any(e => e.Field == q.Id)).ToList();
                var earlierSeen = seen.Except(again.Select(q => q.Id)).ToHashSet(StringComparer.Ordinal);
                return Html(SurveyHtml.Page(new SurveyHtml.PageModel(surveyId, title, locale, rid, again, earlierSeen, answers, errors,
                    IsLast(definition, answers, earlierSeen, again), null, respondent.Token)), StatusCodes.Status422UnprocessableEntity);
            }

            var channel = respondent.InvitationId is null ? "web" : (await store.InvitationAsync(workspace, respondent.InvitationId))?.Channel ?? "email";
            var result = await store.SaveResponseAsync(workspace, survey, new ResponseSubmission(rid, respondent.CustomerId, channel, locale, complete, answers) { OnlyIfNew = unread });
            if (result == ResponseSaved.NotNew)
            {
                unread = false;
                saved = await store.ResponseAsync(workspace, rid);
                continue;
            }

            if (result == ResponseSaved.ScreenedOut)
            {
                return Html(SurveyHtml.Enough(title, locale));
            }

            if (result is ResponseSaved.Complete or ResponseSaved.AlreadyComplete)
            {
                if (respondent.InvitationId is { } invitation)
                {
                    await store.MarkInvitationAsync(workspace, invitation, responded: true);
                }

                return Html(SurveyHtml.ThankYou(title, locale));
            }

            return Html(SurveyHtml.Page(new SurveyHtml.PageModel(surveyId, title, locale, rid, next, seen, answers, [], IsLast(definition, answers, seen, next), null, respondent.Token)));
        }
    }

    /// <summary>Whether nothing can follow this step: no branch point on it and no visible question after it.</summary>
    private static bool IsLast(SurveyDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers, IReadOnlySet<string> seen, List<Question> step)
    {
        var after = new HashSet<string>(seen, StringComparer.Ordinal);
        after.UnionWith(step.Select(q => q.Id));
        var branchPoints = definition.Questions.Where(q => q.VisibleIf is not null).SelectMany(q => q.VisibleIf!.Questions).ToHashSet(StringComparer.Ordinal);
        return !step.Any(q => branchPoints.Contains(q.Id)) && SurveySteps.Next(definition, answers, after).Count == 0;
    }

    private static AnswerValue? Read(Question question, Microsoft.Extensions.Primitives.StringValues values, List<ItemError> errors)
    {
        var first = values.FirstOrDefault()?.Trim();
        switch (question.Type)
        {
            case QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating:
                if (string.IsNullOrEmpty(first))
                {
                    return null;
                }

                if (!double.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    errors.Add(new ItemError(0, question.Id, $"must be a whole number from {question.Min} to {question.Max}"));
                    return null;
                }

                return AnswerValue.Of(n);
            case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                var picked = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
                return picked.Count == 0 ? null : AnswerValue.OfChoices(picked);
            default:
                return string.IsNullOrWhiteSpace(first) ? null : AnswerValue.Of(first.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
    }

    private static HashSet<string> Ids(string? list, SurveyDefinition definition) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(id => definition.Find(id) is not null).ToHashSet(StringComparer.Ordinal);

    private static async Task<(StoredSurvey? Survey, long Workspace, IResult? Problem)> Load(CairnStore store, long surveyId, string locale)
    {
        var workspace = await store.SurveyWorkspaceAsync(surveyId);
        var survey = workspace is { } w ? await store.SurveyAsync(w, surveyId) : null;
        if (survey is null)
        {
            return (null, 0, Html(SurveyHtml.Message("Survey not found", "There is no survey at this address. Check the link you were sent.", locale), StatusCodes.Status404NotFound));
        }

        if (survey.Status != "active")
        {
            return (null, 0, Html(SurveyHtml.Message(survey.Definition.Title.For(locale), "This survey is closed and no longer takes answers. Thank you for your interest.", locale), StatusCodes.Status410Gone));
        }

        return (survey, workspace!.Value, null);
    }

    /// <summary>The respondent's locale: ?lang= first, else the browser's first language; letters and a dash only.</summary>
    private static string Locale(HttpContext context, string? lang)
    {
        var candidate = lang ?? context.Request.Headers.AcceptLanguage.ToString().Split(',')[0].Split(';')[0];
        return LocaleSyntax().IsMatch(candidate ?? "") ? candidate!.ToLowerInvariant() : "en";
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", null, status);

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex RidSyntax();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LocaleSyntax();
}
