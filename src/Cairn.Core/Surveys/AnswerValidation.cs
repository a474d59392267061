using System.Globalization;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Surveys;

/// <summary>
/// Checks a respondent's answers against the definition they answered: known questions only, no
/// answer to a question that branching hid, scores in range and whole, choices from the list,
/// text within its cap (said, not silently cut), and, for a complete response, every visible
/// required question answered. Every problem is reported with its question id.
/// </summary>
public static class AnswerValidation
{
    public static List<ItemError> Validate(SurveyDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers, bool complete)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        var errors = new List<ItemError>();
        var visible = definition.Visible(answers).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, answer) in answers)
        {
            var question = definition.Find(id);
            if (question is null)
            {
                errors.Add(new ItemError(0, id, "is not a question of this survey"));
                continue;
            }

            if (answer.IsEmpty)
            {
                continue;
            }

            if (!visible.Contains(id))
            {
                errors.Add(new ItemError(0, id, $"is hidden by its condition ({question.VisibleIf?.Expression}) and cannot be answered"));
                continue;
            }

            switch (question.Type)
            {
                case QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating:
                    if (answer.Number is not { } n || n != Math.Floor(n) || n < question.Min || n > question.Max)
                    {
                        errors.Add(new ItemError(0, id, string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {question.Min} to {question.Max}")));
                    }

                    break;
                case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                    var picked = answer.Choices ?? (answer.Text is { } t ? [t] : []);
                    if (picked.Count == 0 || (question.Type == QuestionType.SingleChoice && picked.Count > 1))
                    {
                        errors.Add(new ItemError(0, id, question.Type == QuestionType.SingleChoice ? "pick one of the choices" : "pick one or more of the choices"));
                    }
                    else if (picked.FirstOrDefault(p => question.Choices.All(c => c.Value != p)) is { } unknown)
                    {
                        errors.Add(new ItemError(0, id, $"'{(unknown.Length > 40 ? unknown[..40] + "…" : unknown)}' is not one of the choices"));
                    }

                    break;
                case QuestionType.Text:
                    if (answer.Text is null)
                    {
                        errors.Add(new ItemError(0, id, "must be text"));
                    }
                    else if (answer.Text.Length > question.MaxLength)
                    {
                        errors.Add(new ItemError(0, id, string.Create(CultureInfo.InvariantCulture, $"is {answer.Text.Length:N0} characters; at most {question.MaxLength:N0} are kept, so shorten it")));
                    }

                    break;
            }
        }

        if (complete)
        {
            foreach (var q in definition.Visible(answers).Where(q => q.Required))
            {
                if (!answers.TryGetValue(q.Id, out var a) || a.IsEmpty)
                {
                    errors.Add(new ItemError(0, q.Id, "is required"));
                }
            }
        }

        return errors;
    }
}
