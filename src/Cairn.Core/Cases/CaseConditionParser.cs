using System.Globalization;
using System.Text;
using Cairn.Core.Feedback;

namespace Cairn.Core.Cases;

/// <summary>
/// Reads a case rule written by an analyst: comparisons joined by "and", such as
/// <c>nps &lt;= 6</c>, <c>ces &gt;= 5 and touchpoint = "Support call"</c> or
/// <c>source = review and sentiment = negative and theme = "Billing and price"</c>.
/// Every problem is reported in words, with where it is, so the rule form can show it.
/// </summary>
public static class CaseConditionParser
{
    public const int MaxLength = 500;
    public const int MaxClauses = 10;

    private static readonly string[] Operators = ["<=", ">=", "!=", "<>", "==", "=", "<", ">"];

    /// <summary>The parsed rule, or null with every problem added to <paramref name="problems"/>.</summary>
    public static CaseCondition? Parse(string? text, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add("the rule is empty: write a comparison such as nps <= 6");
            return null;
        }

        if (text.Length > MaxLength)
        {
            problems.Add($"the rule is longer than {MaxLength} characters");
            return null;
        }

        var tokens = Tokenize(text, problems);
        if (tokens is null)
        {
            return null;
        }

        var clauses = new List<CaseClause>();
        var at = 0;
        while (true)
        {
            if (tokens.Count - at < 3)
            {
                problems.Add(at > 0 && at == tokens.Count
                    ? "the rule ends with 'and'"
                    : $"incomplete comparison '{string.Join(' ', tokens.Skip(at).Select(t => t.Text))}': write a field, an operator and a value, such as nps <= 6");
                return null;
            }

            var (field, op, value) = (tokens[at], tokens[at + 1], tokens[at + 2]);
            if (field.Kind != TokenKind.Word)
            {
                problems.Add($"expected a field name at '{field.Text}' (fields: {CaseFields.AllNames})");
                return null;
            }

            if (op.Kind != TokenKind.Operator)
            {
                problems.Add($"expected an operator (=, !=, <, <=, >, >=) after '{field.Text}', found '{op.Text}'");
                return null;
            }

            if (value.Kind == TokenKind.Operator)
            {
                problems.Add($"expected a value after '{field.Text} {op.Text}'");
                return null;
            }

            var clause = Clause(field.Text.ToLowerInvariant(), op.Text switch { "<>" => "!=", "==" => "=", _ => op.Text }, value, problems);
            if (clause is not null)
            {
                clauses.Add(clause);
            }

            at += 3;
            if (at == tokens.Count)
            {
                break;
            }

            var joiner = tokens[at];
            if (joiner.Kind == TokenKind.Word && joiner.Text.Equals("or", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("'or' is not supported: write one rule for each alternative");
                return null;
            }

            if (joiner.Kind != TokenKind.Word || !joiner.Text.Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"expected 'and' between comparisons, found '{joiner.Text}'");
                return null;
            }

            at++;
        }

        if (clauses.Count > MaxClauses)
        {
            problems.Add($"a rule has at most {MaxClauses} comparisons");
        }

        var scores = clauses.Where(c => CaseFields.Scores.Contains(c.Field)).Select(c => c.Field).Distinct().ToList();
        var feedback = clauses.Any(c => CaseFields.Feedback.Contains(c.Field));
        if (scores.Count > 1)
        {
            problems.Add($"a rule reads one score question, not {string.Join(" and ", scores)}: write one rule for each");
        }

        if (scores.Count > 0 && feedback)
        {
            problems.Add("a rule reads either a score (nps, csat, ces) or feedback (sentiment, theme, source, rating, emotion), not both");
        }

        if (scores.Count == 0 && !feedback && clauses.Count > 0)
        {
            problems.Add("a rule needs a score (nps, csat, ces) or a feedback field (sentiment, theme, source, rating, emotion); touchpoint, segment, channel and plan only narrow it");
        }

        return problems.Count > 0 ? null : new CaseCondition(scores.Count > 0 ? CaseSource.Score : CaseSource.Feedback, clauses);
    }

    private static CaseClause? Clause(string field, string op, Token value, ICollection<string> problems)
    {
        var ordering = op is "<" or "<=" or ">" or ">=";
        double? number = value.Kind == TokenKind.Number ? double.Parse(value.Text, CultureInfo.InvariantCulture) : null;
        switch (field)
        {
            case "nps" or "csat" or "ces" or "rating":
                var (min, max) = field switch { "nps" => (0, 10), "csat" => (1, 5), "ces" => (1, 7), _ => (0, 10) };
                if (number is not { } n || n < min || n > max)
                {
                    problems.Add($"{field} compares with a number from {min} to {max}, not '{value.Text}'");
                    return null;
                }

                return new CaseClause(field, op, value.Text, n);
            case "sentiment":
                if (number is { } s)
                {
                    if (s is < -1 or > 1)
                    {
                        problems.Add($"sentiment scores run from -1 to 1, not {value.Text}");
                        return null;
                    }

                    return new CaseClause(field, op, value.Text, s);
                }

                var label = value.Text.ToLowerInvariant();
                if (!CaseFields.SentimentLabels.Contains(label) || ordering)
                {
                    problems.Add($"sentiment is a score from -1 to 1 or, with = or !=, one of {string.Join(", ", CaseFields.SentimentLabels)}; not '{op} {value.Text}'");
                    return null;
                }

                return new CaseClause(field, op, label, null);
            case "theme" or "source" or "emotion" or "touchpoint" or "segment" or "channel" or "plan":
                if (ordering)
                {
                    problems.Add($"{field} compares with = or != only");
                    return null;
                }

                if (value.Text.Length is 0 or > 200)
                {
                    problems.Add($"{field} needs a value of 1 to 200 characters");
                    return null;
                }

                if (field == "source")
                {
                    if (!FeedbackSources.TryParse(value.Text, out var source))
                    {
                        problems.Add($"unknown feedback source '{value.Text}' (sources: {FeedbackSources.AllKeys})");
                        return null;
                    }

                    return new CaseClause(field, op, source.ToKey(), null);
                }

                return new CaseClause(field, op, field == "emotion" ? value.Text.ToLowerInvariant() : value.Text, null);
            default:
                problems.Add($"unknown field '{field}' (fields: {CaseFields.AllNames})");
                return null;
        }
    }

    private enum TokenKind
    {
        Word,
        Number,
        Text,
        Operator,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static List<Token>? Tokenize(string text, ICollection<string> problems)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    problems.Add($"unclosed quote at character {i + 1}");
                    return null;
                }

                tokens.Add(new Token(TokenKind.Text, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Operator, op));
                i += op.Length;
            }
            else if (char.IsAsciiDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"'{number}' is not a number");
                    return null;
                }

                tokens.Add(new Token(TokenKind.Number, number));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var word = new StringBuilder();
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-'))
                {
                    word.Append(text[i++]);
                }

                tokens.Add(new Token(TokenKind.Word, word.ToString()));
            }
            else
            {
                problems.Add($"unexpected '{c}' at character {i + 1}");
                return null;
            }
        }

        return tokens;
    }
}
