using System.Globalization;

namespace Cairn.Core.Cases;

/// <summary>What a case rule reads: survey score answers, or feedback items (reviews, tickets, comments).</summary>
public enum CaseSource
{
    Score,
    Feedback,
}

/// <summary>One comparison of a rule: <c>nps &lt;= 6</c>, <c>touchpoint = "Support call"</c>.</summary>
/// <param name="Field">A field of <see cref="CaseFields"/>, lower case.</param>
/// <param name="Operator">One of =, !=, &lt;, &lt;=, &gt;, &gt;=.</param>
/// <param name="Value">The compared value as written (unquoted).</param>
/// <param name="Number">The value as a number, for numeric fields.</param>
public sealed record CaseClause(string Field, string Operator, string Value, double? Number)
{
    public override string ToString() =>
        $"{Field} {Operator} {(Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? Value : "\"" + Value + "\"")}";
}

/// <summary>
/// A parsed case rule: every clause must hold (they are joined by "and"). A rule reads one source:
/// a score question's answers, or feedback items; the clauses on touchpoint, segment, channel and
/// plan narrow either.
/// </summary>
/// <param name="Source">Whether the rule reads score answers or feedback.</param>
/// <param name="Clauses">The comparisons, all of which must hold.</param>
public sealed record CaseCondition(CaseSource Source, IReadOnlyList<CaseClause> Clauses)
{
    /// <summary>For a score rule, the question it reads (nps, csat or ces).</summary>
    public string? ScoreQuestion => Source == CaseSource.Score ? Clauses.First(c => CaseFields.Scores.Contains(c.Field)).Field : null;

    /// <summary>The rule written back in its canonical form (what is stored and shown).</summary>
    public override string ToString() => string.Join(" and ", Clauses);
}

/// <summary>The fields a case rule may compare, and what each reads.</summary>
public static class CaseFields
{
    /// <summary>Score questions: the rule reads their answers.</summary>
    public static readonly IReadOnlySet<string> Scores = new HashSet<string>(StringComparer.Ordinal) { "nps", "csat", "ces" };

    /// <summary>Feedback fields: the rule reads feedback items (not about competitors).</summary>
    public static readonly IReadOnlySet<string> Feedback = new HashSet<string>(StringComparer.Ordinal) { "sentiment", "theme", "source", "rating", "emotion" };

    /// <summary>Fields either kind of rule may use to narrow what it reads.</summary>
    public static readonly IReadOnlySet<string> Context = new HashSet<string>(StringComparer.Ordinal) { "touchpoint", "segment", "channel", "plan" };

    /// <summary>Fields compared as numbers (sentiment is a number, or a label compared with = and !=).</summary>
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>(StringComparer.Ordinal) { "nps", "csat", "ces", "rating" };

    public static readonly IReadOnlyList<string> SentimentLabels = ["negative", "neutral", "positive"];

    public static string AllNames => string.Join(", ", Scores.Concat(Feedback).Concat(Context));
}
