using System.Globalization;
using System.Text.Json.Nodes;

namespace Cairn.Core.Surveys;

/// <summary>
/// A survey as the builder form holds it: plain strings per field, so a half-finished draft with
/// mistakes can be shown back to its author. <see cref="ToSurveyJs"/> writes SurveyJS JSON, which
/// <see cref="SurveyJson.Import"/> then checks by the same rules as the API, so a survey built in
/// the browser and one posted as JSON can never differ in what is allowed.
/// </summary>
public sealed class SurveyDraft
{
    public string? Name { get; set; }

    public string? Title { get; set; }

    /// <summary>The title in other languages, one "locale: text" per line.</summary>
    public string? TitleTranslations { get; set; }

    public List<QuestionDraft> Questions { get; set; } = [];

    /// <summary>Type names the form offers, in the order it lists them.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Types =
    [
        ("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)"), ("ces", "CES (1-7)"), ("rating", "Rating"),
        ("single", "Single choice"), ("multiple", "Multiple choice"), ("text", "Free text"),
    ];

    public static SurveyDraft From(string name, SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var (title, titleTranslations) = Split(definition.Title);
        return new SurveyDraft
        {
            Name = name,
            Title = title,
            TitleTranslations = titleTranslations,
            Questions = [.. definition.Questions.Select(QuestionDraft.From)],
        };
    }

    /// <summary>The draft as SurveyJS JSON; rows without an id and a title are blank and left out. Problems of form (not of the survey) go to <paramref name="problems"/>.</summary>
    public string ToSurveyJs(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var elements = new JsonArray();
        for (var i = 0; i < Questions.Count; i++)
        {
            var q = Questions[i];
            if (q.IsBlank || q.Remove)
            {
                continue;
            }

            elements.Add(q.ToElement($"question {i + 1}", problems));
        }

        var root = new JsonObject
        {
            ["title"] = Text(Title ?? Name ?? "", TitleTranslations, "title", problems),
            ["pages"] = new JsonArray(new JsonObject { ["name"] = "page1", ["elements"] = elements }),
        };
        return root.ToJsonString();
    }

    internal static JsonNode Text(string text, string? translations, string where, List<string> problems)
    {
        var lines = (translations ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return JsonValue.Create(text.Trim());
        }

        var texts = new JsonObject { [LocalizedText.Default] = text.Trim() };
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var locale = colon > 0 ? line[..colon].Trim() : "";
            if (locale.Length is < 2 or > 20 || !locale.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
            {
                problems.Add($"{where} translations: write each as \"locale: text\", e.g. \"de: …\" (got \"{Shorten(line)}\")");
                continue;
            }

            texts[locale.ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        return texts;
    }

    internal static (string Text, string? Translations) Split(LocalizedText text)
    {
        var main = text.Texts.TryGetValue(LocalizedText.Default, out var d) ? d : text.For(null);
        var others = text.Texts.Where(t => !string.Equals(t.Key, LocalizedText.Default, StringComparison.OrdinalIgnoreCase))
            .Select(t => $"{t.Key}: {t.Value}").ToList();
        return (main, others.Count == 0 ? null : string.Join('\n', others));
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "…";
}

/// <summary>One question row of the builder.</summary>
public sealed class QuestionDraft
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Title { get; set; }

    /// <summary>The question in other languages, one "locale: text" per line.</summary>
    public string? Translations { get; set; }

    public bool Required { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    /// <summary>Choices, one per line: "label", or "value | label" to store a short value.</summary>
    public string? Choices { get; set; }

    /// <summary>A SurveyJS condition on earlier answers, e.g. "{nps} &lt;= 6".</summary>
    public string? ShowIf { get; set; }

    /// <summary>CES only: "highIsEasy" when 7 means very easy.</summary>
    public string? Effort { get; set; }

    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(Title);

    public static QuestionDraft From(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (title, translations) = SurveyDraft.Split(question.Title);
        return new QuestionDraft
        {
            Id = question.Id,
            Type = question.Type switch
            {
                QuestionType.SingleChoice => "single",
                QuestionType.MultipleChoice => "multiple",
                _ => question.Type.ToString().ToLowerInvariant(),
            },
            Title = title,
            Translations = translations,
            Required = question.Required,
            Min = question.IsScore ? question.Min.ToString(CultureInfo.InvariantCulture) : null,
            Max = question.IsScore ? question.Max.ToString(CultureInfo.InvariantCulture) : null,
            Choices = question.Choices.Count == 0 ? null
                : string.Join('\n', question.Choices.Select(c => c.Text.For(null) == c.Value ? c.Value : $"{c.Value} | {c.Text.For(null)}")),
            ShowIf = question.VisibleIf?.Expression,
            Effort = question.Type == QuestionType.Ces && question.Effort == EffortOrientation.HighIsEasy ? "highIsEasy" : null,
        };
    }

    internal JsonObject ToElement(string where, List<string> problems)
    {
        var type = (Type ?? "").Trim().ToLowerInvariant();
        var e = new JsonObject
        {
            ["type"] = type switch
            {
                "single" => "radiogroup",
                "multiple" => "checkbox",
                "text" => "comment",
                "nps" or "csat" or "ces" or "rating" => "rating",
                _ => type,
            },
            ["name"] = (Id ?? "").Trim(),
            ["title"] = SurveyDraft.Text(Title ?? Id ?? "", Translations, where, problems),
        };
        if (Required)
        {
            e["isRequired"] = true;
        }

        if (type is "nps" or "csat" or "ces" or "rating")
        {
            var (min, max) = type switch { "nps" => (0, 10), "csat" => (1, 5), "ces" => (1, 7), _ => (1, 5) };
            e["rateMin"] = Number(Min, min, where + " lowest score", problems);
            e["rateMax"] = Number(Max, max, where + " highest score", problems);
            if (type != "rating")
            {
                e["cairnType"] = type;
            }

            if (type == "ces")
            {
                e["cairnEffort"] = Effort == "highIsEasy" ? "highIsEasy" : "lowIsEasy";
            }
        }

        if (type is "single" or "multiple")
        {
            e["choices"] = new JsonArray([.. (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
            {
                var bar = line.IndexOf('|', StringComparison.Ordinal);
                return (JsonNode)(bar > 0
                    ? new JsonObject { ["value"] = line[..bar].Trim(), ["text"] = line[(bar + 1)..].Trim() }
                    : new JsonObject { ["value"] = line, ["text"] = line });
            })]);
        }

        if (!string.IsNullOrWhiteSpace(ShowIf))
        {
            e["visibleIf"] = ShowIf.Trim();
        }

        return e;
    }

    private static int Number(string? text, int fallback, string where, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{where}: a whole number");
        return fallback;
    }
}
