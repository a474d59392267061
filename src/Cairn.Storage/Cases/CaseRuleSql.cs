using Cairn.Core.Cases;
using Dapper;

namespace Cairn.Storage.Cases;

/// <summary>
/// Renders a parsed case rule as the SELECT of the items it matches, with every value bound as a
/// parameter. Both shapes return the same columns (source_id, customer_id, touchpoint_id,
/// question_id, score, source_at, segment, touchpoint_owner) so one INSERT opens cases from either.
/// </summary>
internal static class CaseRuleSql
{
    public static string Matches(CaseCondition condition, DynamicParameters parameters)
    {
        var score = condition.Source == CaseSource.Score;
        var where = new List<string>();
        for (var i = 0; i < condition.Clauses.Count; i++)
        {
            var clause = condition.Clauses[i];
            var p = $"@c{i}";
            parameters.Add($"c{i}", clause.Number is { } n ? n : clause.Value);
            where.Add(Predicate(clause, p, score));
        }

        var filters = string.Join("\n  AND ", where);
        return score
            ? $"""
              SELECT a.response_id AS source_id, a.customer_id, a.touchpoint_id, a.question_id, a.value_number AS score, a.answered_at AS source_at,
                     c.segment, tp.owner AS touchpoint_owner
              FROM answers a
              LEFT JOIN customers c ON c.workspace_id = a.workspace_id AND c.external_id = a.customer_id
              LEFT JOIN touchpoints tp ON tp.id = a.touchpoint_id
              WHERE a.workspace_id = @workspaceId AND a.question_id = @question
                AND a.answered_at >= @since AND a.answered_at <= @asOf
                AND {filters}
              """
            : $"""
              SELECT f.id AS source_id, f.customer_id, COALESCE(f.touchpoint_id, r.touchpoint_id) AS touchpoint_id, CAST(NULL AS TEXT) AS question_id,
                     f.rating AS score, f.occurred_at AS source_at, c.segment, tp.owner AS touchpoint_owner
              FROM feedback f
              LEFT JOIN responses r ON r.workspace_id = f.workspace_id AND r.id = f.response_id
              LEFT JOIN customers c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id
              LEFT JOIN touchpoints tp ON tp.id = COALESCE(f.touchpoint_id, r.touchpoint_id)
              WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL
                AND f.occurred_at >= @since AND f.occurred_at <= @asOf
                AND {filters}
              """;
    }

    private static string Predicate(CaseClause clause, string p, bool score)
    {
        var equal = clause.Operator == "=";
        return clause.Field switch
        {
            "nps" or "csat" or "ces" => $"a.value_number {clause.Operator} {p}",
            "rating" => $"f.rating {clause.Operator} {p}",
            "sentiment" when clause.Number is not null => $"f.sentiment_score {clause.Operator} {p}",
            "sentiment" => Text("f.sentiment_label", p, equal),
            "source" => Text("f.source", p, equal),
            "emotion" => $"(',' || COALESCE(f.emotions, '') || ',') {(equal ? "" : "NOT ")}LIKE '%,' || {p} || ',%'",
            "theme" => $"""
                {(equal ? "" : "NOT ")}EXISTS (SELECT 1 FROM feedback_themes ft JOIN themes th ON th.id = ft.theme_id
                    WHERE ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id AND lower(th.name) = lower({p}))
                """,
            "touchpoint" => Text("tp.name", p, equal),
            "segment" => Text("c.segment", p, equal),
            "plan" => Text("c.plan", p, equal),
            "channel" => Text(score ? "a.channel" : "f.channel", p, equal),
            _ => throw new ArgumentException($"no SQL for field {clause.Field}", nameof(clause)),
        };
    }

    /// <summary>Case-insensitive text comparison; "!=" also matches a missing value.</summary>
    private static string Text(string column, string p, bool equal) =>
        equal ? $"lower({column}) = lower({p})" : $"({column} IS NULL OR lower({column}) <> lower({p}))";
}
