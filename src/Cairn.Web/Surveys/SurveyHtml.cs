using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;

namespace Cairn.Web.Surveys;

/// <summary>
/// The public survey page as plain server-rendered HTML: no framework and no script, labelled
/// controls in fieldsets (keyboard and screen-reader friendly), large tap targets for phones,
/// every text from the survey or the respondent HTML-encoded.
/// </summary>
public static class SurveyHtml
{
    // Every script is left readable; markup characters (&lt; &gt; &amp; quotes) are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public sealed record PageModel(long SurveyId, string Title, string Locale, string ResponseId, IReadOnlyList<Question> Questions, IReadOnlySet<string> Seen,
        IReadOnlyDictionary<string, AnswerValue> Values, IReadOnlyList<ItemError> Errors, bool Last, double? Preselected, string? Token = null);

    public static string Page(PageModel step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var html = new StringBuilder();
        Open(html, step.Title, step.Locale);
        html.Append("<form method=\"post\" action=\"/s/").Append(step.SurveyId).Append("\" novalidate>");
        Hidden(html, "rid", step.ResponseId);
        if (step.Token is not null)
        {
            Hidden(html, "t", step.Token);
        }

        Hidden(html, "lang", step.Locale);
        Hidden(html, "seen", string.Join(',', step.Seen.Concat(step.Questions.Select(q => q.Id)).Distinct()));
        Hidden(html, "shown", string.Join(',', step.Questions.Select(q => q.Id)));
        if (step.Errors.Count > 0)
        {
            html.Append("<div class=\"errors\" role=\"alert\"><p>Please check:</p><ul>");
            foreach (var e in step.Errors)
            {
                var title = step.Questions.FirstOrDefault(q => q.Id == e.Field)?.Title.For(step.Locale) ?? e.Field;
                html.Append("<li>").Append(E(title)).Append(": ").Append(E(e.Message)).Append("</li>");
            }

            html.Append("</ul></div>");
        }

        var first = true;
        foreach (var q in step.Questions)
        {
            Question(html, q, step.Locale, step.Values.GetValueOrDefault(q.Id), first ? step.Preselected : null);
            first = false;
        }

        html.Append("<button type=\"submit\">").Append(step.Last ? Words(step.Locale).Submit : Words(step.Locale).Next).Append("</button></form>");
        return Close(html);
    }

    public static string Message(string title, string text, string locale)
    {
        var html = new StringBuilder();
        Open(html, title, locale);
        html.Append("<p class=\"message\" role=\"status\">").Append(E(text)).Append("</p>");
        return Close(html);
    }

    public static string ThankYou(string title, string locale) => Message(title, Words(locale).Thanks, locale);

    /// <summary>The confirmation a GET of an unsubscribe link shows: nothing changes until the button is pressed.</summary>
    public static string Unsubscribe(string title, long surveyId, string token, string locale) =>
        Ask(title, "Stop all survey invitations to you? You can ask us to start again at any time.", $"/s/{surveyId.ToString(CultureInfo.InvariantCulture)}/unsubscribe", token, "Unsubscribe", locale);

    /// <summary>
    /// A question with one button that POSTs the link's token: what a personal link shows on GET,
    /// because mail scanners fetch every link and a GET must change nothing.
    /// </summary>
    public static string Ask(string title, string question, string action, string token, string button, string locale)
    {
        var html = new StringBuilder();
        Open(html, title, locale);
        html.Append("<p class=\"message\">").Append(E(question)).Append("</p>")
            .Append("<form method=\"post\" action=\"").Append(E(action)).Append("\">")
            .Append("<input type=\"hidden\" name=\"t\" value=\"").Append(E(token)).Append("\">")
            .Append("<button type=\"submit\">").Append(E(button)).Append("</button></form>");
        return Close(html);
    }

    private static void Question(StringBuilder html, Question q, string locale, AnswerValue? value, double? preselected)
    {
        var title = E(q.Title.For(locale)) + (q.Required ? " <span class=\"required\" aria-hidden=\"true\">*</span>" : "");
        var name = "q_" + q.Id;
        switch (q.Type)
        {
            case QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating:
                html.Append("<fieldset class=\"scale\"><legend>").Append(title).Append("</legend><div class=\"options\">");
                var chosen = value?.Number ?? preselected;
                for (var v = q.Min; v <= q.Max; v++)
                {
                    var id = $"{name}_{v}";
                    html.Append("<input type=\"radio\" id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" value=\"").Append(v.ToString(CultureInfo.InvariantCulture)).Append('"')
                        .Append(chosen == v ? " checked" : "").Append(q.Required ? " required" : "").Append("><label for=\"").Append(id).Append("\">").Append(v.ToString(CultureInfo.InvariantCulture)).Append("</label>");
                }

                html.Append("</div>");
                if (q.Type == QuestionType.Nps)
                {
                    html.Append("<div class=\"ends\"><span>").Append(Words(locale).NotLikely).Append("</span><span>").Append(Words(locale).Likely).Append("</span></div>");
                }

                html.Append("</fieldset>");
                break;
            case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                var multiple = q.Type == QuestionType.MultipleChoice;
                html.Append("<fieldset class=\"choices\"><legend>").Append(title).Append("</legend>");
                for (var i = 0; i < q.Choices.Count; i++)
                {
                    var c = q.Choices[i];
                    var id = $"{name}_{i}";
                    var picked = value?.Choices?.Contains(c.Value) == true || value?.Text == c.Value;
                    html.Append("<div><input type=\"").Append(multiple ? "checkbox" : "radio").Append("\" id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(c.Value)).Append('"')
                        .Append(picked ? " checked" : "").Append("><label for=\"").Append(id).Append("\">").Append(E(c.Text.For(locale))).Append("</label></div>");
                }

                html.Append("</fieldset>");
                break;
            default:
                html.Append("<div class=\"text\"><label for=\"").Append(name).Append("\">").Append(title).Append("</label><textarea id=\"").Append(name).Append("\" name=\"").Append(name)
                    .Append("\" rows=\"4\" maxlength=\"").Append(q.MaxLength.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(E(value?.Text ?? "")).Append("</textarea></div>");
                break;
        }
    }

    private static void Open(StringBuilder html, string title, string locale)
    {
        html.Append("<!doctype html><html lang=\"").Append(E(locale)).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append("</title><link rel=\"stylesheet\" href=\"/assets/survey.css\"></head><body><main><h1>").Append(E(title)).Append("</h1>");
    }

    private static string Close(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">");

    private static string E(string text) => Encoder.Encode(text);

    /// <summary>The end of the survey for a respondent whose answers fall in a full quota.</summary>
    public static string Enough(string title, string locale) => Message(title, Words(locale).Enough, locale);

    private sealed record Wording(string Next, string Submit, string Thanks, string NotLikely, string Likely, string Enough);

    private static Wording Words(string locale) => (locale.Length >= 2 ? locale[..2] : locale) switch
    {
        "de" => new("Weiter", "Absenden", "Vielen Dank! Ihre Antwort wurde gespeichert.", "0 = überhaupt nicht wahrscheinlich", "10 = äußerst wahrscheinlich",
            "Vielen Dank! Wir haben schon genug Antworten wie Ihre, die Umfrage endet hier. Ihre Antworten sind gespeichert."),
        "fr" => new("Suivant", "Envoyer", "Merci ! Votre réponse a été enregistrée.", "0 = pas du tout probable", "10 = extrêmement probable",
            "Merci ! Nous avons déjà assez de réponses comme la vôtre, le questionnaire s'arrête ici. Vos réponses sont enregistrées."),
        "es" => new("Siguiente", "Enviar", "¡Gracias! Su respuesta ha sido guardada.", "0 = nada probable", "10 = muy probable",
            "¡Gracias! Ya tenemos suficientes respuestas como la suya, la encuesta termina aquí. Sus respuestas están guardadas."),
        _ => new("Next", "Submit", "Thank you! Your answer has been saved.", "0 = not at all likely", "10 = extremely likely",
            "Thank you! We already have enough answers like yours, so the survey ends here. Your answers are saved."),
    };
}
