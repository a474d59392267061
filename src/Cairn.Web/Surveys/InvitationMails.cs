using System.Globalization;
using System.Text;
using Cairn.Core.Surveys;
using Cairn.Storage;

namespace Cairn.Web.Surveys;

/// <summary>
/// The email that carries a personal survey link. For a score question first (NPS, CSAT, CES,
/// rating) it also lists one link per score: a click opens the page with that score chosen, and
/// only the respondent's submit records it (mail scanners open every link). The unsubscribe link
/// goes in the body and in the RFC 8058 headers the outbox sender adds.
/// </summary>
public static class InvitationMails
{
    public static string Link(string origin, long surveyId, Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return $"{origin}/s/{surveyId.ToString(CultureInfo.InvariantCulture)}?t={invitation.Token}";
    }

    public static string Unsubscribe(string origin, long surveyId, Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return $"{origin}/s/{surveyId.ToString(CultureInfo.InvariantCulture)}/unsubscribe?t={invitation.Token}";
    }

    public static InvitationMail Render(StoredSurvey survey, string origin, Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(invitation);
        var title = survey.Definition.Title.For("en");
        var link = Link(origin, survey.Id, invitation);
        var body = new StringBuilder();
        body.Append(title).Append("\n\n");
        if (survey.Definition.Questions is [var first, ..])
        {
            body.Append(first.Title.For("en")).Append('\n');
            if (first.Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating && first.Max - first.Min <= 10)
            {
                body.Append("Choose your answer:\n");
                for (var v = first.Min; v <= first.Max; v++)
                {
                    body.Append(CultureInfo.InvariantCulture, $"  {v}: {link}&score={v}\n");
                }

                body.Append('\n');
            }
        }

        body.Append("Answer here: ").Append(link).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"This link is yours alone and works until {invitation.ExpiresAt:yyyy-MM-dd}.\n\n")
            .Append("--\nTo stop survey invitations: ").Append(Unsubscribe(origin, survey.Id, invitation)).Append('\n');
        return new InvitationMail(title, body.ToString(), Unsubscribe(origin, survey.Id, invitation));
    }
}
