namespace Cairn.Storage;

/// <summary>A customer's profile as stored; attributes are the JSON object sent with identify.</summary>
public sealed record CustomerRow(
    string ExternalId, string? Name, string? Email, string? Segment, string? Persona, string? Plan, string? Region, DateTime? SignupAt, string Status,
    DateTime? ChurnedAt, string? ChurnType, double? MonthlyRevenue, string? Attributes, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// One moment of a customer's timeline: an event, a survey response, a feedback item, a case or a
/// CRM/ERP record, with where it happened (channel, touchpoint, stage), how the customer felt
/// (score, sentiment) and, for a record, its amount.
/// </summary>
public sealed record TimelineItem(
    DateTime At, string Kind, string Title, string? Detail, string? Channel, string? Touchpoint, string? Stage, double? Score, string? ScoreKind, double? Sentiment,
    string? Themes, string Ref, double? Amount, string? Currency);

/// <summary>How much there is of each kind for a customer, whatever the timeline shows.</summary>
public sealed record CustomerCounts(long Events, long Responses, long Feedback, long Cases, long OpenCases, long Records);

public sealed partial class CairnStore
{
    private const string CustomerColumns = """
        SELECT external_id AS ExternalId, name, email, segment, persona, plan, region, signup_at AS SignupAt, status, churned_at AS ChurnedAt, churn_type AS ChurnType,
               monthly_revenue AS MonthlyRevenue, CAST(attributes AS TEXT) AS Attributes, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM customers
        """;

    public async Task<CustomerRow?> CustomerAsync(long workspaceId, string externalId) =>
        (await QueryAsync<CustomerRow>($"{CustomerColumns} WHERE workspace_id = @workspaceId AND external_id = @externalId", new { workspaceId, externalId })).SingleOrDefault();

    /// <summary>Customers whose id, email or name starts with the text (case-insensitive), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<CustomerRow>> FindCustomersAsync(long workspaceId, string text, int limit) =>
        QueryAsync<CustomerRow>($"""
            {CustomerColumns}
            WHERE workspace_id = @workspaceId AND (lower(external_id) LIKE @prefix ESCAPE '\' OR lower(email) LIKE @prefix ESCAPE '\' OR lower(name) LIKE @prefix ESCAPE '\')
            ORDER BY external_id LIMIT @limit
            """, new { workspaceId, prefix = EscapeLike(text.Trim().ToLowerInvariant()) + "%", limit });

    public async Task<CustomerCounts> CustomerCountsAsync(long workspaceId, string externalId) =>
        (await QueryAsync<CustomerCounts>("""
            SELECT (SELECT count(*) FROM events WHERE workspace_id = @workspaceId AND customer_id = @externalId) AS Events,
                   (SELECT count(*) FROM responses WHERE workspace_id = @workspaceId AND customer_id = @externalId) AS Responses,
                   (SELECT count(*) FROM feedback WHERE workspace_id = @workspaceId AND customer_id = @externalId AND competitor IS NULL) AS Feedback,
                   (SELECT count(*) FROM cases WHERE workspace_id = @workspaceId AND customer_id = @externalId) AS Cases,
                   (SELECT count(*) FROM cases WHERE workspace_id = @workspaceId AND customer_id = @externalId AND status <> 'resolved') AS OpenCases,
                   (SELECT count(*) FROM customer_records WHERE workspace_id = @workspaceId AND customer_id = @externalId) AS Records
            """, new { workspaceId, externalId })).Single();

    /// <summary>The customer's latest moments, including the surveys they were invited to and the messages written to them (a scheduled renewal, dated ahead, comes first; the column is quoted: AT is a keyword in DuckDB) across every channel, newest first, before <paramref name="before"/> when given (paging).</summary>
    public Task<IReadOnlyList<TimelineItem>> TimelineAsync(long workspaceId, string externalId, DateTime? before, int limit) =>
        QueryAsync<TimelineItem>("""
            SELECT * FROM (
                SELECT e.ts AS "At", 'event' AS Kind, e.name AS Title, CAST(NULL AS TEXT) AS Detail, e.channel AS Channel, t.name AS Touchpoint, g.name AS Stage,
                       CAST(NULL AS DOUBLE PRECISION) AS Score, CAST(NULL AS TEXT) AS ScoreKind, CAST(NULL AS DOUBLE PRECISION) AS Sentiment, CAST(NULL AS TEXT) AS Themes, e.id AS Ref,
                       CAST(NULL AS DOUBLE PRECISION) AS Amount, CAST(NULL AS TEXT) AS Currency
                FROM events e
                LEFT JOIN touchpoints t ON t.workspace_id = e.workspace_id AND t.id = e.touchpoint_id
                LEFT JOIN stages g ON g.id = t.stage_id
                WHERE e.workspace_id = @workspaceId AND e.customer_id = @externalId
                UNION ALL
                SELECT COALESCE(r.completed_at, r.started_at), 'response', v.name, r.status, r.channel, t.name, g.name,
                       (SELECT a.value_number FROM answers a WHERE a.workspace_id = r.workspace_id AND a.response_id = r.id AND a.value_number IS NOT NULL ORDER BY a.question_id LIMIT 1),
                       v.kind, CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), r.id, CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)
                FROM responses r
                JOIN surveys v ON v.workspace_id = r.workspace_id AND v.id = r.survey_id
                LEFT JOIN touchpoints t ON t.workspace_id = r.workspace_id AND t.id = r.touchpoint_id
                LEFT JOIN stages g ON g.id = COALESCE(r.stage_id, t.stage_id)
                WHERE r.workspace_id = @workspaceId AND r.customer_id = @externalId
                UNION ALL
                SELECT f.occurred_at, 'feedback', f.source, f.text, f.channel, t.name, g.name, f.rating,
                       CASE WHEN f.rating IS NULL THEN NULL ELSE 'rating' END, f.sentiment_score,
                       (SELECT string_agg(h.name, ', ') FROM feedback_themes ft JOIN themes h ON h.workspace_id = ft.workspace_id AND h.id = ft.theme_id
                        WHERE ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id), f.id, CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)
                FROM feedback f
                LEFT JOIN touchpoints t ON t.workspace_id = f.workspace_id AND t.id = f.touchpoint_id
                LEFT JOIN stages g ON g.id = t.stage_id
                WHERE f.workspace_id = @workspaceId AND f.customer_id = @externalId AND f.competitor IS NULL
                UNION ALL
                SELECT c.opened_at, 'case', COALESCE(c.rule, 'case'), c.status, CAST(NULL AS TEXT), t.name, g.name, c.score, CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION),
                       c.root_cause, CAST(c.id AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)
                FROM cases c
                LEFT JOIN touchpoints t ON t.workspace_id = c.workspace_id AND t.id = c.touchpoint_id
                LEFT JOIN stages g ON g.id = t.stage_id
                WHERE c.workspace_id = @workspaceId AND c.customer_id = @externalId
                UNION ALL
                SELECT o.occurred_at, 'record', o.kind, CAST(o.properties AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                       CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), o.id, o.amount, o.currency
                FROM customer_records o
                WHERE o.workspace_id = @workspaceId AND o.customer_id = @externalId
                UNION ALL
                SELECT i.sent_at, 'invitation', v.name, CASE WHEN i.responded_at IS NOT NULL THEN 'answered' WHEN i.opened_at IS NOT NULL THEN 'opened' ELSE 'not answered' END,
                       i.channel, CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), i.id,
                       CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)
                FROM invitations i JOIN surveys v ON v.workspace_id = i.workspace_id AND v.id = i.survey_id
                WHERE i.workspace_id = @workspaceId AND i.customer_id = @externalId
                UNION ALL
                SELECT m.created_at, 'message', m.subject, m.kind || ' · ' || m.status, 'email', CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT),
                       CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT), CAST(m.id AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)
                FROM outbox m
                WHERE m.workspace_id = @workspaceId AND m.customer_id = @externalId AND m.kind <> 'invitation'
            ) moments
            WHERE CAST(@before AS {{ts}}) IS NULL OR "At" < @before
            ORDER BY "At" DESC, Kind, Ref
            LIMIT @limit
            """, new { workspaceId, externalId, before, limit });
}
