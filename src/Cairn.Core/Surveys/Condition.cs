using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Core.Surveys;

/// <summary>
/// A branching condition in SurveyJS's expression syntax, the subset Cairn evaluates:
/// <c>{question} op value</c> with op one of = != &lt; &lt;= &gt; &gt;=, <c>{question} notempty</c>,
/// <c>{question} contains 'value'</c> (multiple choice), joined by <c>and</c> or <c>or</c>
/// (no parentheses; and binds tighter). Numbers compare as numbers, anything else as text.
/// </summary>
public sealed partial class Condition
{
    private readonly List<List<Clause>> anyOf; // OR of ANDs

    private sealed record Clause(string Question, string Op, string? Value);

    private Condition(string expression, List<List<Clause>> anyOf)
    {
        Expression = expression;
        this.anyOf = anyOf;
    }

    public string Expression { get; }

    public IEnumerable<string> Questions => anyOf.SelectMany(a => a).Select(c => c.Question).Distinct();

    public static Condition? Parse(string? expression, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        var groups = new List<List<Clause>>();
        foreach (var orPart in OrSplit().Split(expression))
        {
            var group = new List<Clause>();
            foreach (var andPart in AndSplit().Split(orPart))
            {
                var match = ClauseSyntax().Match(andPart.Trim());
                if (!match.Success)
                {
                    error = $"cannot read the condition '{expression}': use {{question}} op value with op one of = != < <= > >= notempty contains, joined by and/or";
                    return null;
                }

                var value = match.Groups["value"].Success ? match.Groups["value"].Value.Trim().Trim('\'', '"') : null;
                group.Add(new Clause(match.Groups["q"].Value, match.Groups["op"].Value.ToLowerInvariant(), value));
            }

            groups.Add(group);
        }

        return new Condition(expression.Trim(), groups);
    }

    public bool Holds(IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return anyOf.Any(group => group.All(clause => Holds(clause, answers.GetValueOrDefault(clause.Question))));
    }

    private static bool Holds(Clause clause, AnswerValue? answer)
    {
        if (clause.Op == "notempty")
        {
            return answer is not null && !answer.IsEmpty;
        }

        if (answer is null || answer.IsEmpty)
        {
            return clause.Op == "!=";
        }

        if (clause.Op == "contains")
        {
            return answer.Choices?.Contains(clause.Value ?? "", StringComparer.Ordinal) == true || (answer.Text?.Contains(clause.Value ?? "", StringComparison.OrdinalIgnoreCase) ?? false);
        }

        if (answer.Number is { } number && double.TryParse(clause.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var target))
        {
            return clause.Op switch
            {
                "=" or "==" => number == target,
                "!=" => number != target,
                "<" => number < target,
                "<=" => number <= target,
                ">" => number > target,
                ">=" => number >= target,
                _ => false,
            };
        }

        var text = answer.Text ?? (answer.Choices is { Count: > 0 } c ? c[0] : answer.Number?.ToString(CultureInfo.InvariantCulture));
        var comparison = string.Compare(text, clause.Value, StringComparison.Ordinal);
        return clause.Op switch
        {
            "=" or "==" => comparison == 0,
            "!=" => comparison != 0,
            _ => false,
        };
    }

    [GeneratedRegex(@"\s+or\s+", RegexOptions.IgnoreCase)]
    private static partial Regex OrSplit();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^\{(?<q>[A-Za-z0-9_\-]{1,100})\}\s*(?<op>==|=|!=|<=|>=|<|>|notempty|contains)\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseSyntax();
}
