using System.Text;
using Cairn.Core.Feedback;
using Cairn.Core.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    // A verbatim's place: the touchpoint of its survey response (or its own), else its source.
    private const string FeedbackFrom = """
        FROM feedback f
        LEFT JOIN responses r ON r.workspace_id = f.workspace_id AND r.id = f.response_id
        LEFT JOIN touchpoints tp ON tp.workspace_id = f.workspace_id AND tp.id = COALESCE(f.touchpoint_id, r.touchpoint_id)
        """;

    private const string PlaceSql = """
        COALESCE(tp.name, CASE f.source WHEN 'survey_comment' THEN 'Survey comment' WHEN 'review' THEN 'Review' WHEN 'social' THEN 'Social'
            WHEN 'ticket' THEN 'Ticket' WHEN 'chat' THEN 'Chat' WHEN 'interview' THEN 'Interview' WHEN 'exit_interview' THEN 'Exit interview' ELSE f.source END)
        """;

    /// <summary>One page of verbatims matching the query, newest first, with their themes and the total count.</summary>
    public async Task<FeedbackPage> FeedbackPageAsync(long workspaceId, FeedbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = await FeedbackWhere(workspaceId, query, includeTheme: true);
        using var connection = Connect();
        var total = await connection.ExecuteScalarAsync<long>(Dialect.Sql($"SELECT count(*) {FeedbackFrom} WHERE {where}"), parameters);
        parameters.Add("limit", FeedbackQuery.PageSize);
        parameters.Add("offset", query.Offset);
        var rows = (await connection.QueryAsync<FeedbackRecord>(Dialect.Sql($"""
            SELECT f.id AS Id, f.source AS Source, f.customer_id AS CustomerId, f.competitor AS Competitor, f.rating AS Rating, f.rating_scale AS RatingScale,
                   f.title AS Title, f.text AS Text, f.occurred_at AS OccurredAt, f.channel AS Channel, {PlaceSql} AS Place, f.language AS Language,
                   f.sentiment_score AS SentimentScore, f.sentiment_label AS SentimentLabel, f.sentiment_mixed AS Mixed, f.emotions AS Emotions
            {FeedbackFrom}
            WHERE {where}
            ORDER BY f.occurred_at DESC, f.id
            LIMIT @limit OFFSET @offset
            """), parameters)).ToList();

        var hits = new Dictionary<string, List<FeedbackThemeHit>>(StringComparer.Ordinal);
        if (rows.Count > 0)
        {
            var ids = QuotedList(rows.Select(r => r.Id));
            var themeRows = await connection.QueryAsync<(string FeedbackId, long ThemeId, string Name, string? Evidence, int? Start, int? Length, double? Sentiment)>(Dialect.Sql($"""
                SELECT ft.feedback_id, ft.theme_id, t.name, ft.evidence, ft.evidence_start, ft.evidence_length, ft.sentiment
                FROM feedback_themes ft JOIN themes t ON t.workspace_id = ft.workspace_id AND t.id = ft.theme_id
                WHERE ft.workspace_id = @workspaceId AND ft.feedback_id IN ({ids})
                ORDER BY ft.evidence_start
                """), new { workspaceId });
            foreach (var t in themeRows)
            {
                if (!hits.TryGetValue(t.FeedbackId, out var list))
                {
                    hits[t.FeedbackId] = list = [];
                }

                list.Add(new FeedbackThemeHit(t.ThemeId, t.Name, t.Evidence, t.Start, t.Length, t.Sentiment));
            }
        }

        return new FeedbackPage(total, rows.Select(r => r.ToRow(hits.GetValueOrDefault(r.Id) ?? [])).ToList());
    }

    /// <summary>Mentions, customers and sentiment per theme across the feedback the query selects (its theme filter aside).</summary>
    public async Task<IReadOnlyList<ThemeCount>> ThemeCountsAsync(long workspaceId, FeedbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = await FeedbackWhere(workspaceId, query, includeTheme: false);
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long ThemeId, string Name, long Mentions, long Customers, double? Average, long Negative)>(Dialect.Sql($"""
            SELECT t.id, t.name, count(*), count(DISTINCT f.customer_id), avg(ft.sentiment), sum(CASE WHEN ft.sentiment <= -0.05 THEN 1 ELSE 0 END)
            {FeedbackFrom}
            JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
            JOIN themes t ON t.workspace_id = ft.workspace_id AND t.id = ft.theme_id
            WHERE {where}
            GROUP BY t.id, t.name
            ORDER BY 3 DESC, t.name
            """), parameters);
        return rows.Select(r => new ThemeCount(r.ThemeId, r.Name, r.Mentions, r.Customers, r.Average, r.Negative)).ToList();
    }

    /// <summary>Mentions per theme per calendar month (UTC), and the feedback per month they are a share of (theme id 0).</summary>
    public async Task<IReadOnlyList<ThemeMonth>> ThemeTrendAsync(long workspaceId, FeedbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = await FeedbackWhere(workspaceId, query, includeTheme: false);
        var month = Dialect.TruncateTime("month", "f.occurred_at");
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long ThemeId, DateTime Month, long Mentions)>(Dialect.Sql($"""
            SELECT ft.theme_id, {month} AS m, count(*)
            {FeedbackFrom}
            JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
            WHERE {where}
            GROUP BY ft.theme_id, m
            UNION ALL
            SELECT 0, {month} AS m, count(*)
            {FeedbackFrom}
            WHERE {where}
            GROUP BY m
            ORDER BY 2, 1
            """), parameters);
        return rows.Select(r => new ThemeMonth(r.ThemeId, AsUtc(r.Month), r.Mentions)).ToList();
    }

    /// <summary>Mentions and sentiment per theme and place (touchpoint, or source where there is none): the heat map.</summary>
    public async Task<IReadOnlyList<ThemePlace>> ThemePlacesAsync(long workspaceId, FeedbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = await FeedbackWhere(workspaceId, query, includeTheme: false);
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long ThemeId, string Place, long Mentions, double? Average)>(Dialect.Sql($"""
            SELECT ft.theme_id, {PlaceSql} AS place, count(*), avg(ft.sentiment)
            {FeedbackFrom}
            JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
            WHERE {where}
            GROUP BY ft.theme_id, place
            """), parameters);
        return rows.Select(r => new ThemePlace(r.ThemeId, r.Place, r.Mentions, r.Average)).ToList();
    }

    /// <summary>Each (theme, customer) where the customer raised the theme about us in [@from, @to); null dates mean no bound.</summary>
    private const string RaisedCte = """
        raised AS (
            SELECT DISTINCT ft.theme_id, f.customer_id
            FROM feedback_themes ft JOIN feedback f ON f.workspace_id = ft.workspace_id AND f.id = ft.feedback_id
            WHERE ft.workspace_id = @workspaceId AND f.customer_id IS NOT NULL AND f.competitor IS NULL
              AND (CAST(@from AS {{ts}}) IS NULL OR f.occurred_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR f.occurred_at < @to)
        )
        """;

    /// <summary>Identified customers' NPS answers (0-10) in [@from, @to), then <see cref="RaisedCte"/>: what theme analyses of NPS join.</summary>
    private const string ScoresAndRaised = """
        WITH scores AS (
            SELECT customer_id, value_number AS score FROM answers
            WHERE workspace_id = @workspaceId AND question_id = 'nps' AND value_number BETWEEN 0 AND 10 AND customer_id IS NOT NULL
              AND (CAST(@from AS {{ts}}) IS NULL OR answered_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR answered_at < @to)
        ),
        """ + RaisedCte + "\n";

    /// <summary>
    /// NPS answers of customers who raised each theme in the period (theme id → tally), and of
    /// everyone who answered (theme id 0): the theme's drag on NPS is the difference.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, ScoreTally>> NpsByThemeAsync(long workspaceId, DateTime? from, DateTime? to)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long ThemeId, long N, double Sum, double Squares, long Good, long Bad)>(Dialect.Sql(ScoresAndRaised + """
            SELECT r.theme_id, count(*), sum(s.score), sum(s.score * s.score), sum(CASE WHEN s.score >= 9 THEN 1 ELSE 0 END), sum(CASE WHEN s.score <= 6 THEN 1 ELSE 0 END)
            FROM scores s JOIN raised r ON r.customer_id = s.customer_id
            GROUP BY r.theme_id
            UNION ALL
            SELECT 0, count(*), COALESCE(sum(score), 0), COALESCE(sum(score * score), 0), COALESCE(sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END), 0), COALESCE(sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END), 0)
            FROM scores
            """), new { workspaceId, from, to });
        return rows.ToDictionary(r => r.ThemeId, r => new ScoreTally(r.N, r.Sum, r.Squares, r.Good, r.Bad));
    }

    /// <summary>
    /// Churn by theme: among customers with feedback about us in the window, how many raised each
    /// theme and how many of those have churned since the window began (theme id 0: everyone).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, (long Customers, long Churned)>> ChurnByThemeAsync(long workspaceId, DateTime? from, DateTime? to)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long ThemeId, long Customers, long Churned)>(Dialect.Sql("""
            WITH people AS (
                SELECT DISTINCT f.customer_id FROM feedback f
                WHERE f.workspace_id = @workspaceId AND f.customer_id IS NOT NULL AND f.competitor IS NULL
                  AND (CAST(@from AS {{ts}}) IS NULL OR f.occurred_at >= @from) AND (CAST(@to AS {{ts}}) IS NULL OR f.occurred_at < @to)
            ),
            """ + RaisedCte + """
            , lost AS (
                SELECT external_id AS customer_id FROM customers
                WHERE workspace_id = @workspaceId AND status = 'churned' AND (CAST(@from AS {{ts}}) IS NULL OR churned_at >= @from)
            )
            SELECT r.theme_id, count(*), count(l.customer_id) FROM raised r LEFT JOIN lost l ON l.customer_id = r.customer_id GROUP BY r.theme_id
            UNION ALL
            SELECT 0, count(*), count(l.customer_id) FROM people p LEFT JOIN lost l ON l.customer_id = p.customer_id
            """), new { workspaceId, from, to });
        return rows.ToDictionary(r => r.ThemeId, r => (r.Customers, r.Churned));
    }

    private async Task<(string Where, DynamicParameters Parameters)> FeedbackWhere(long workspaceId, FeedbackQuery q, bool includeTheme)
    {
        var sql = new StringBuilder("f.workspace_id = @workspaceId");
        var p = new DynamicParameters();
        p.Add("workspaceId", workspaceId);
        if (includeTheme && q.Theme is not null)
        {
            var theme = (await ThemesAsync(workspaceId)).FirstOrDefault(t => string.Equals(t.Name, q.Theme, StringComparison.OrdinalIgnoreCase));
            sql.Append(" AND EXISTS (SELECT 1 FROM feedback_themes x WHERE x.workspace_id = f.workspace_id AND x.feedback_id = f.id AND x.theme_id = @themeId)");
            p.Add("themeId", theme?.Id ?? -1);
        }

        switch (q.Sentiment)
        {
            case "mixed":
                sql.Append(" AND f.sentiment_mixed");
                break;
            case "unsupported":
                sql.Append(" AND f.sentiment_label = 'unsupported'");
                break;
            case { } label:
                sql.Append(" AND f.sentiment_label = @sentiment");
                p.Add("sentiment", label);
                break;
        }

        if (q.Emotion is not null)
        {
            // Stored as a comma-separated list of known names; matched with its commas so "worry" never matches a longer name.
            sql.Append(" AND (',' || f.emotions || ',') LIKE @emotion");
            p.Add("emotion", "%," + q.Emotion + ",%");
        }

        if (q.Source is { } source)
        {
            sql.Append(" AND f.source = @source");
            p.Add("source", source.ToKey());
        }

        switch (q.Competitor?.ToLowerInvariant())
        {
            case null:
                break;
            case "us":
                sql.Append(" AND f.competitor IS NULL");
                break;
            case "any":
                sql.Append(" AND f.competitor IS NOT NULL");
                break;
            default:
                sql.Append(" AND lower(f.competitor) = lower(@competitor)");
                p.Add("competitor", q.Competitor);
                break;
        }

        if (q.Touchpoint is not null)
        {
            sql.Append($" AND lower({PlaceSql}) = lower(@touchpoint)");
            p.Add("touchpoint", q.Touchpoint);
        }

        if (q.Segment is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = f.workspace_id AND c.external_id = f.customer_id AND lower(c.segment) = lower(@segment))");
            p.Add("segment", q.Segment);
        }

        if (q.From is not null)
        {
            sql.Append(" AND f.occurred_at >= @from");
            p.Add("from", q.From);
        }

        if (q.To is not null)
        {
            sql.Append(" AND f.occurred_at < @to");
            p.Add("to", q.To);
        }

        if (q.Search is not null)
        {
            // LIKE wildcards in the user's words are escaped: they search for the characters themselves.
            sql.Append(" AND lower(COALESCE(f.title, '') || ' ' || COALESCE(f.text, '')) LIKE @search ESCAPE '\\'");
            p.Add("search", "%" + EscapeLike(q.Search.ToLowerInvariant()) + "%");
        }

        return (sql.ToString(), p);
    }

    /// <summary>Ids as a SQL list of literals, quotes doubled: portable across both engines' list binding, for a page's worth of ids.</summary>
    internal static string QuotedList(IEnumerable<string> ids) =>
        string.Join(", ", ids.Select(id => "'" + id.Replace("'", "''", StringComparison.Ordinal) + "'"));

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Column-shaped row for Dapper; <see cref="ToRow"/> gives the public record.</summary>
    private sealed class FeedbackRecord
    {
        public string Id { get; set; } = "";
        public string Source { get; set; } = "";
        public string? CustomerId { get; set; }
        public string? Competitor { get; set; }
        public double? Rating { get; set; }
        public double? RatingScale { get; set; }
        public string? Title { get; set; }
        public string? Text { get; set; }
        public DateTime OccurredAt { get; set; }
        public string? Channel { get; set; }
        public string Place { get; set; } = "";
        public string? Language { get; set; }
        public double? SentimentScore { get; set; }
        public string? SentimentLabel { get; set; }
        public bool? Mixed { get; set; }
        public string? Emotions { get; set; }

        public FeedbackRow ToRow(IReadOnlyList<FeedbackThemeHit> themes) => new(
            Id, Source, CustomerId, Competitor, Rating, RatingScale, Title, Text, DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc), Channel, Place,
            Language, SentimentScore, SentimentLabel, Mixed == true, Emotions?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [], themes);
    }
}
