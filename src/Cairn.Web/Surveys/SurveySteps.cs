using Cairn.Core.Surveys;

namespace Cairn.Web.Surveys;

/// <summary>
/// How a survey is cut into pages so it works without JavaScript: a page runs from the first
/// question not yet shown up to and including the first question that a later question's
/// condition reads (a branch point), so the server knows the answer before it decides what
/// comes next. Questions shown and left empty count as seen (optional), so nobody loops.
/// </summary>
public static class SurveySteps
{
    public static List<Question> Next(SurveyDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers, IReadOnlySet<string> seen)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var branchPoints = definition.Questions.Where(q => q.VisibleIf is not null).SelectMany(q => q.VisibleIf!.Questions).ToHashSet(StringComparer.Ordinal);
        var step = new List<Question>();
        foreach (var question in definition.Visible(answers))
        {
            if (seen.Contains(question.Id) || answers.ContainsKey(question.Id))
            {
                continue;
            }

            step.Add(question);
            if (branchPoints.Contains(question.Id))
            {
                break;
            }
        }

        return step;
    }
}
