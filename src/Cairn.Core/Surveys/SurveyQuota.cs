using System.Globalization;
using Cairn.Core.Ingestion;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Core.Surveys;

/// <summary>
/// A quota on one answer: at most <see cref="Limit"/> complete responses whose answer to
/// <see cref="Question"/> lies in [<see cref="Min"/>, <see cref="Max"/>] (a score) or includes
/// <see cref="Value"/> (a choice). Once it is full, a respondent whose answer falls in it is
/// thanked and screened out: the answers are kept, the response is not completed, and the survey
/// stops asking.
/// </summary>
public sealed record SurveyQuota(string Name, string Question, double? Min, double? Max, string? Value, int Limit)
{
    public const int MaxQuotas = 50;

    public bool Matches(IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (!answers.TryGetValue(Question, out var answer))
        {
            return false;
        }

        // A choice answered on an earlier page comes back from the store as its text, one choice per line.
        return Value is not null
            ? answer.Choices?.Contains(Value, StringComparer.Ordinal) == true || (answer.Text?.Split('\n').Contains(Value, StringComparer.Ordinal) ?? false)
            : answer.Number is { } n && (Min is null || n >= Min) && (Max is null || n <= Max);
    }

    /// <summary>Reads quotas as the API takes them (<c>[{"name", "question", "min", "max"} or {"name", "question", "value"}, with "limit"]</c>), checked against the survey's questions.</summary>
    public static IReadOnlyList<SurveyQuota>? Parse(string json, SurveyDefinition definition, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(problems);
        if (JsonText.Parse(json, problems) is not JsonArray items)
        {
            if (problems.Count == 0)
            {
                problems.Add("send a JSON array of quotas (an empty one removes them)");
            }

            return null;
        }

        if (items.Count > MaxQuotas)
        {
            problems.Add($"at most {MaxQuotas} quotas, got {items.Count}");
            return null;
        }

        var quotas = new List<SurveyQuota>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"[{i}]";
            if (items[i] is not JsonObject item)
            {
                problems.Add($"{at}: each quota is an object");
                continue;
            }

            var before = problems.Count;
            var name = Text(item, "name");
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            {
                problems.Add($"{at}.name: 1 to 100 characters");
            }
            else if (!names.Add(name.Trim()))
            {
                problems.Add($"{at}.name: '{name}' is used twice");
            }

            var question = definition.Find(Text(item, "question") ?? "");
            var limit = Number(item, "limit");
            if (limit is not { } l || l < 1 || l > 10_000_000 || l != Math.Floor(l))
            {
                problems.Add($"{at}.limit: a whole number from 1 to 10,000,000");
            }

            var (min, max, value) = (Number(item, "min"), Number(item, "max"), Text(item, "value"));
            if (question is null)
            {
                problems.Add($"{at}.question: the id of one of the survey's questions");
            }
            else if (question.IsScore)
            {
                if (value is not null || (min is null && max is null))
                {
                    problems.Add($"{at}: a quota on the score '{question.Id}' takes \"min\" and/or \"max\"");
                }
                else if (min > max || min < question.Min || max > question.Max)
                {
                    problems.Add($"{at}: min and max within {question.Min}-{question.Max}, min not above max");
                }
            }
            else if (question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice)
            {
                if (value is null || question.Choices.All(c => c.Value != value) || min is not null || max is not null)
                {
                    problems.Add($"{at}: a quota on the choice '{question.Id}' takes \"value\", one of {string.Join(", ", question.Choices.Select(c => c.Value))}");
                }
            }
            else
            {
                problems.Add($"{at}.question: quotas apply to scores and choices, not to free text");
            }

            if (problems.Count == before)
            {
                quotas.Add(new SurveyQuota(name!.Trim(), question!.Id, min, max, value, (int)limit!.Value));
            }
        }

        return problems.Count == 0 ? quotas : null;
    }

    public static string ToJson(IReadOnlyList<SurveyQuota> quotas)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var array = new JsonArray();
        foreach (var q in quotas)
        {
            var item = new JsonObject { ["name"] = q.Name, ["question"] = q.Question };
            if (q.Value is not null)
            {
                item["value"] = q.Value;
            }

            if (q.Min is { } min)
            {
                item["min"] = min;
            }

            if (q.Max is { } max)
            {
                item["max"] = max;
            }

            item["limit"] = q.Limit;
            array.Add(item);
        }

        return array.ToJsonString();
    }

    /// <summary>What a quota counts, in words: "nps 0-6", "plan = prepaid".</summary>
    public string Describe() => Value is not null
        ? $"{Question} = {Value}"
        : $"{Question} {(Min ?? double.NegativeInfinity).ToString(CultureInfo.InvariantCulture)}-{(Max ?? double.PositiveInfinity).ToString(CultureInfo.InvariantCulture)}".Replace("-Infinity", "…", StringComparison.Ordinal).Replace("Infinity", "…", StringComparison.Ordinal);

    private static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.ToString() : null;

    private static double? Number(JsonObject item, string name) =>
        item[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
