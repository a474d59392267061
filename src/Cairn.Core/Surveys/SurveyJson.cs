using Cairn.Core.Ingestion;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Core.Surveys;

/// <summary>
/// Reads and writes survey definitions as SurveyJS JSON (https://surveyjs.io), for the question
/// types Cairn supports: rating (NPS, CSAT, CES or a plain rating), radiogroup and dropdown
/// (single choice), checkbox (multiple choice), comment and text (free text). Titles may be a
/// string or a per-locale object ({"default": …, "de": …}). Cairn's extensions: "cairnType"
/// (nps | csat | ces) and "cairnEffort" (lowIsEasy | highIsEasy) on a rating.
/// </summary>
public static partial class SurveyJson
{
    /// <summary>Reads a SurveyJS definition; without a title it takes <paramref name="fallbackTitle"/> (the survey's name).</summary>
    public static SurveyDefinition? Import(string json, List<string> problems, string fallbackTitle = "Survey")
    {
        ArgumentNullException.ThrowIfNull(problems);
        var root = JsonText.Parse(json, problems);
        if (root is null && problems.Count > 0)
        {
            return null;
        }

        if (root is not JsonObject survey)
        {
            problems.Add("a SurveyJS definition is a JSON object with \"pages\" (or \"elements\")");
            return null;
        }

        var elements = new List<(JsonObject Element, string Path)>();
        if (survey["pages"] is JsonArray pages)
        {
            for (var p = 0; p < pages.Count; p++)
            {
                if (pages[p]?["elements"] is JsonArray pageElements)
                {
                    for (var e = 0; e < pageElements.Count; e++)
                    {
                        if (pageElements[e] is JsonObject element)
                        {
                            elements.Add((element, $"pages[{p}].elements[{e}]"));
                        }
                        else
                        {
                            problems.Add($"pages[{p}].elements[{e}]: each element must be an object");
                        }
                    }
                }
            }
        }
        else if (survey["elements"] is JsonArray flat)
        {
            for (var e = 0; e < flat.Count; e++)
            {
                if (flat[e] is JsonObject element)
                {
                    elements.Add((element, $"elements[{e}]"));
                }
            }
        }

        if (elements.Count == 0)
        {
            problems.Add("the survey has no questions: put them under pages[].elements");
        }
        else if (elements.Count > SurveyDefinition.MaxQuestions)
        {
            problems.Add($"at most {SurveyDefinition.MaxQuestions} questions, got {elements.Count}");
        }

        var questions = new List<Question>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, path) in elements.Take(SurveyDefinition.MaxQuestions))
        {
            if (ReadQuestion(element, path, questions, names, problems) is { } question)
            {
                questions.Add(question);
            }
        }

        var title = Text(survey["title"], path: "title", problems) ?? new LocalizedText(fallbackTitle);
        return problems.Count == 0 ? new SurveyDefinition(title, questions) : null;
    }

    private static Question? ReadQuestion(JsonObject e, string path, List<Question> earlier, HashSet<string> names, List<string> problems)
    {
        var before = problems.Count;
        var type = (e["type"] as JsonValue)?.ToString()?.ToLowerInvariant();
        var name = (e["name"] as JsonValue)?.ToString();
        if (name is null || !IdSyntax().IsMatch(name))
        {
            problems.Add($"{path}: \"name\" must be 1-100 letters, digits, _ or -");
            return null;
        }

        if (!names.Add(name))
        {
            problems.Add($"{path}: the name '{name}' is used twice");
        }

        var title = Text(e["title"], path + ".title", problems) ?? new LocalizedText(name);
        var required = e["isRequired"] is JsonValue r && r.TryGetValue<bool>(out var isRequired) && isRequired;
        var condition = Condition.Parse((e["visibleIf"] as JsonValue)?.ToString(), out var conditionError);
        if (conditionError is not null)
        {
            problems.Add($"{path}.visibleIf: {conditionError}");
        }

        foreach (var referenced in condition?.Questions ?? [])
        {
            if (referenced == name || (earlier.All(q => q.Id != referenced) && !names.Contains(referenced)))
            {
                problems.Add($"{path}.visibleIf: '{referenced}' is not an earlier question");
            }
        }

        var cairnType = (e["cairnType"] as JsonValue)?.ToString()?.ToLowerInvariant();
        switch (type)
        {
            case "rating":
                var min = Int(e["rateMin"]) ?? 1;
                var max = Int(e["rateMax"]) ?? 5;
                if (min < 0 || max > 100 || min >= max)
                {
                    problems.Add($"{path}: rateMin and rateMax must satisfy 0 <= rateMin < rateMax <= 100");
                }

                var kind = (cairnType ?? name.ToLowerInvariant()) switch
                {
                    "nps" when min == 0 && max == 10 => QuestionType.Nps,
                    "nps" => Fail(QuestionType.Nps, $"{path}: an NPS question is rated 0-10", problems),
                    "csat" => QuestionType.Csat,
                    "ces" => QuestionType.Ces,
                    _ => QuestionType.Rating,
                };
                var effort = (e["cairnEffort"] as JsonValue)?.ToString() is "highIsEasy" ? EffortOrientation.HighIsEasy : EffortOrientation.LowIsEasy;
                return problems.Count > before ? null : new Question(name, kind, title, required, min, max, [], condition, effort);
            case "radiogroup" or "dropdown" or "checkbox":
                var choices = Choices(e["choices"], path, problems);
                return problems.Count > before ? null : new Question(name, type == "checkbox" ? QuestionType.MultipleChoice : QuestionType.SingleChoice, title, required, 0, 0, choices, condition);
            case "comment" or "text":
                var maxLength = Int(e["maxLength"]) is { } m and > 0 ? Math.Min(m, Question.DefaultMaxLength) : Question.DefaultMaxLength;
                return problems.Count > before ? null : new Question(name, QuestionType.Text, title, required, 0, 0, [], condition, MaxLength: maxLength);
            default:
                problems.Add($"{path}: question type '{type}' is not supported; use rating, radiogroup, dropdown, checkbox, comment or text");
                return null;
        }
    }

    private static QuestionType Fail(QuestionType type, string problem, List<string> problems)
    {
        problems.Add(problem);
        return type;
    }

    private static List<Choice> Choices(JsonNode? node, string path, List<string> problems)
    {
        var choices = new List<Choice>();
        if (node is not JsonArray array || array.Count == 0 || array.Count > 200)
        {
            problems.Add($"{path}.choices: 1 to 200 choices");
            return choices;
        }

        foreach (var item in array)
        {
            var (value, text) = item switch
            {
                JsonValue v => (v.ToString(), new LocalizedText(v.ToString())),
                JsonObject o when o["value"] is JsonValue v => (v.ToString(), Text(o["text"], path + ".choices", problems) ?? new LocalizedText(v.ToString())),
                _ => (null, null),
            };
            if (value is null || value.Length > 200 || choices.Any(c => c.Value == value))
            {
                problems.Add($"{path}.choices: each choice needs a unique value of at most 200 characters");
                continue;
            }

            choices.Add(new Choice(value, text!));
        }

        return choices;
    }

    private static LocalizedText? Text(JsonNode? node, string path, List<string> problems)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return new LocalizedText(v.ToString());
            case JsonObject o:
                var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (locale, text) in o)
                {
                    if (text is JsonValue t && t.GetValueKind() == JsonValueKind.String && locale.Length <= 20)
                    {
                        texts[locale] = t.ToString();
                    }
                }

                if (texts.Count == 0)
                {
                    problems.Add($"{path}: a text is a string or an object of locale → string");
                    return null;
                }

                return new LocalizedText(texts);
            default:
                problems.Add($"{path}: a text is a string or an object of locale → string");
                return null;
        }
    }

    private static int? Int(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e6 ? (int)d : null;

    /// <summary>The definition as SurveyJS JSON: one page, every question with its Cairn type where SurveyJS has none.</summary>
    public static string Export(SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var elements = new JsonArray();
        foreach (var q in definition.Questions)
        {
            var e = new JsonObject
            {
                ["type"] = q.Type switch
                {
                    QuestionType.SingleChoice => "radiogroup",
                    QuestionType.MultipleChoice => "checkbox",
                    QuestionType.Text => "comment",
                    _ => "rating",
                },
                ["name"] = q.Id,
                ["title"] = Node(q.Title),
            };
            if (q.Required)
            {
                e["isRequired"] = true;
            }

            if (q.IsScore)
            {
                e["rateMin"] = q.Min;
                e["rateMax"] = q.Max;
                if (q.Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces)
                {
                    e["cairnType"] = q.Type.ToString().ToLowerInvariant();
                }

                if (q.Type == QuestionType.Ces)
                {
                    e["cairnEffort"] = q.Effort == EffortOrientation.LowIsEasy ? "lowIsEasy" : "highIsEasy";
                }
            }

            if (q.Choices.Count > 0)
            {
                e["choices"] = new JsonArray([.. q.Choices.Select(c => (JsonNode)new JsonObject { ["value"] = c.Value, ["text"] = Node(c.Text) })]);
            }

            if (q.Type == QuestionType.Text)
            {
                e["maxLength"] = q.MaxLength;
            }

            if (q.VisibleIf is not null)
            {
                e["visibleIf"] = q.VisibleIf.Expression;
            }

            elements.Add(e);
        }

        var root = new JsonObject
        {
            ["title"] = Node(definition.Title),
            ["pages"] = new JsonArray(new JsonObject { ["name"] = "page1", ["elements"] = elements }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonNode Node(LocalizedText text) =>
        text.Texts.Count == 1 && text.Texts.ContainsKey(LocalizedText.Default)
            ? JsonValue.Create(text.Texts[LocalizedText.Default])
            : new JsonObject([.. text.Texts.OrderBy(t => t.Key == LocalizedText.Default ? "" : t.Key, StringComparer.Ordinal).Select(t => new KeyValuePair<string, JsonNode?>(t.Key, t.Value))]);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex IdSyntax();
}
