using Cairn.Core.Customers;
using Dapper;

namespace Cairn.Storage;

/// <summary>A stored health row: the inputs at <see cref="AsOf"/> and the score, band and moment they gave.</summary>
public sealed record CustomerHealthRow(HealthInputs Inputs, DateTime AsOf, double Score, string Band, string? Moment, long? OpenOutreachCase);

/// <summary>What a recomputation did.</summary>
public sealed record HealthRecomputation(DateTime AsOf, long Customers, long AtRisk, long OnWatchAtAMoment, TimeSpan Elapsed);

public sealed partial class CairnStore
{
    private static readonly string[] HealthColumns =
    [
        "workspace_id", "customer_id", "as_of", "score", "band", "moment", "last_nps", "last_csat", "last_ces", "sentiment", "support_contacts",
        "events_recent", "events_before", "returns", "renewal_at", "signup_at", "last_bad_contact_at", "monthly_revenue",
    ];

    /// <summary>
    /// Every input of the health model for the customers active at @asOf (signed up by then, not yet
    /// lost), aggregated in SQL from data dated at or before @asOf (renewals: scheduled after it), one
    /// row per customer. @customerId narrows it to one customer when not null. Churn columns let a
    /// backtest see who left afterwards.
    /// </summary>
    private const string HealthInputsSql = """
        WITH base AS (
            SELECT c.external_id AS customer_id, c.signup_at, c.monthly_revenue, c.churned_at, c.churn_type
            FROM customers c
            WHERE c.workspace_id = @workspaceId AND COALESCE(c.signup_at, c.created_at) <= @asOf
              AND (c.churned_at IS NULL OR c.churned_at > @asOf) AND NOT (c.status = 'churned' AND c.churned_at IS NULL)
              AND (CAST(@customerId AS TEXT) IS NULL OR c.external_id = @customerId)
        ),
        answered AS (
            SELECT a.customer_id, a.question_id, a.value_number, a.answered_at,
                   row_number() OVER (PARTITION BY a.customer_id, a.question_id ORDER BY a.answered_at DESC) AS rn
            FROM answers a
            WHERE a.workspace_id = @workspaceId AND a.question_id IN ('nps', 'csat', 'ces') AND a.value_number IS NOT NULL AND a.customer_id IS NOT NULL
              AND a.answered_at <= @asOf AND a.answered_at > @since180
              AND (CAST(@customerId AS TEXT) IS NULL OR a.customer_id = @customerId)
        ),
        scores AS (
            SELECT customer_id,
                   max(CASE WHEN rn = 1 AND question_id = 'nps' THEN value_number END) AS last_nps,
                   max(CASE WHEN rn = 1 AND question_id = 'csat' THEN value_number END) AS last_csat,
                   max(CASE WHEN rn = 1 AND question_id = 'ces' THEN value_number END) AS last_ces,
                   max(CASE WHEN answered_at > @since30 AND ((question_id = 'nps' AND value_number <= 6) OR (question_id = 'csat' AND value_number <= 2)
                                                             OR (question_id = 'ces' AND value_number >= 5)) THEN answered_at END) AS bad_answer_at
            FROM answered GROUP BY customer_id
        ),
        said AS (
            SELECT customer_id, avg(sentiment_score) AS sentiment,
                   CAST(sum(CASE WHEN source IN ('ticket', 'chat') THEN 1 ELSE 0 END) AS BIGINT) AS contacts,
                   max(CASE WHEN source IN ('ticket', 'chat') AND sentiment_score < -0.05 AND occurred_at > @since30 THEN occurred_at END) AS bad_contact_at
            FROM feedback
            WHERE workspace_id = @workspaceId AND customer_id IS NOT NULL AND competitor IS NULL AND occurred_at <= @asOf AND occurred_at > @since90
              AND (CAST(@customerId AS TEXT) IS NULL OR customer_id = @customerId)
            GROUP BY customer_id
        ),
        used AS (
            SELECT customer_id, CAST(sum(CASE WHEN ts > @since30 THEN 1 ELSE 0 END) AS BIGINT) AS recent,
                   CAST(sum(CASE WHEN ts <= @since30 THEN 1 ELSE 0 END) AS BIGINT) AS earlier
            FROM events
            WHERE workspace_id = @workspaceId AND ts <= @asOf AND ts > @since90
              AND (CAST(@customerId AS TEXT) IS NULL OR customer_id = @customerId)
            GROUP BY customer_id
        ),
        facts AS (
            SELECT customer_id, CAST(sum(CASE WHEN kind = 'return' AND occurred_at <= @asOf THEN 1 ELSE 0 END) AS BIGINT) AS returns,
                   min(CASE WHEN kind = 'renewal' AND occurred_at > @asOf THEN occurred_at END) AS renewal_at
            FROM customer_records
            WHERE workspace_id = @workspaceId AND occurred_at > @since90 AND occurred_at <= @until90
              AND (CAST(@customerId AS TEXT) IS NULL OR customer_id = @customerId)
            GROUP BY customer_id
        )
        SELECT b.customer_id AS CustomerId, s.last_nps AS LastNps, s.last_csat AS LastCsat, s.last_ces AS LastCes, d.sentiment AS Sentiment,
               COALESCE(d.contacts, 0) AS SupportContacts, COALESCE(u.recent, 0) AS EventsRecent, COALESCE(u.earlier, 0) AS EventsBefore,
               COALESCE(f.returns, 0) AS Returns, f.renewal_at AS RenewalAt, b.signup_at AS SignupAt,
               CASE WHEN s.bad_answer_at IS NULL THEN d.bad_contact_at WHEN d.bad_contact_at IS NULL OR s.bad_answer_at > d.bad_contact_at THEN s.bad_answer_at
                    ELSE d.bad_contact_at END AS LastBadContactAt,
               b.monthly_revenue AS MonthlyRevenue, b.churned_at AS ChurnedAt, b.churn_type AS ChurnType
        FROM base b
        LEFT JOIN scores s ON s.customer_id = b.customer_id
        LEFT JOIN said d ON d.customer_id = b.customer_id
        LEFT JOIN used u ON u.customer_id = b.customer_id
        LEFT JOIN facts f ON f.customer_id = b.customer_id
        """;

    private sealed record HealthInputRow(
        string CustomerId, double? LastNps, double? LastCsat, double? LastCes, double? Sentiment, long SupportContacts, long EventsRecent, long EventsBefore,
        long Returns, DateTime? RenewalAt, DateTime? SignupAt, DateTime? LastBadContactAt, double? MonthlyRevenue, DateTime? ChurnedAt, string? ChurnType)
    {
        public HealthInputs Inputs => new(CustomerId, LastNps, LastCsat, LastCes, Sentiment, (int)SupportContacts, (int)EventsRecent, (int)EventsBefore, (int)Returns,
            AsUtc(RenewalAt), AsUtc(SignupAt), AsUtc(LastBadContactAt), MonthlyRevenue);
    }

    private static DateTime? AsUtc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private async Task<IReadOnlyList<HealthInputRow>> HealthInputRowsAsync(long workspaceId, DateTime asOf, string? customerId)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<HealthInputRow>(Dialect.Sql(HealthInputsSql), new
        {
            workspaceId, asOf, customerId,
            since30 = asOf.AddDays(-30), since90 = asOf.AddDays(-90), since180 = asOf.AddDays(-180), until90 = asOf.AddDays(90),
        }, commandTimeout: 600);
        return rows.AsList();
    }

    /// <summary>
    /// The moment health is judged at: now, or the newest event received if that is earlier. A feed
    /// that stopped (or a demo dated in the past) must not look like every customer going quiet.
    /// </summary>
    public async Task<DateTime> HealthClockAsync(long workspaceId, DateTime now)
    {
        var latest = (await QueryAsync<DateTime?>("SELECT max(ts) FROM events WHERE workspace_id = @workspaceId", new { workspaceId })).SingleOrDefault();
        return latest is { } at && at < now ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : now;
    }

    /// <summary>The health inputs of one active customer as of <paramref name="asOf"/>, or null (unknown or already lost).</summary>
    public async Task<HealthInputs?> HealthInputsAsync(long workspaceId, string customerId, DateTime asOf) =>
        (await HealthInputRowsAsync(workspaceId, asOf, customerId)).SingleOrDefault()?.Inputs;

    /// <summary>
    /// Recomputes every active customer's health as of <paramref name="asOf"/> and replaces the
    /// workspace's stored rows in one transaction: aggregation in SQL (one row per customer leaves
    /// the database), scoring in Core, rows back by bulk copy.
    /// </summary>
    public async Task<HealthRecomputation> RecomputeHealthAsync(long workspaceId, DateTime asOf)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = await HealthInputRowsAsync(workspaceId, asOf, null);
        var assessed = rows.Select(r => (r.Inputs, Health: HealthModel.Assess(r.Inputs, asOf))).ToList();
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM customer_health WHERE workspace_id = @workspaceId"), new { workspaceId }, transaction);
        Dialect.BulkAppend(connection, "customer_health", HealthColumns, writer =>
        {
            foreach (var (x, h) in assessed)
            {
                writer.BigInt(workspaceId).Text(x.CustomerId).Instant(asOf).Real(h.Score).Text(h.Band.Name()).Text(h.Moment?.Name())
                    .Real(x.LastNps).Real(x.LastCsat).Real(x.LastCes).Real(x.Sentiment).Whole(x.SupportContacts).Whole(x.EventsRecent).Whole(x.EventsBefore)
                    .Whole(x.Returns).Instant(x.RenewalAt).Instant(x.SignupAt).Instant(x.LastBadContactAt).Real(x.MonthlyRevenue)
                    .EndRow();
            }
        });
        transaction.Commit();
        return new HealthRecomputation(asOf, assessed.Count, assessed.Count(a => a.Health.Band == HealthBand.AtRisk),
            assessed.Count(a => a.Health.Band == HealthBand.Watch && a.Health.Moment is not null), clock.Elapsed);
    }

    private const string HealthRowColumns = """
        h.customer_id AS CustomerId, h.last_nps AS LastNps, h.last_csat AS LastCsat, h.last_ces AS LastCes, h.sentiment AS Sentiment,
        h.support_contacts AS SupportContacts, h.events_recent AS EventsRecent, h.events_before AS EventsBefore, h.returns AS Returns,
        h.renewal_at AS RenewalAt, h.signup_at AS SignupAt, h.last_bad_contact_at AS LastBadContactAt, h.monthly_revenue AS MonthlyRevenue,
        h.as_of AS AsOf, h.score AS Score, h.band AS Band, h.moment AS Moment,
        (SELECT max(k.id) FROM cases k WHERE k.workspace_id = h.workspace_id AND k.customer_id = h.customer_id AND k.source_kind = 'health' AND k.status <> 'resolved') AS OpenOutreachCase
        """;

    private sealed record StoredHealth(
        string CustomerId, double? LastNps, double? LastCsat, double? LastCes, double? Sentiment, int SupportContacts, int EventsRecent, int EventsBefore,
        int Returns, DateTime? RenewalAt, DateTime? SignupAt, DateTime? LastBadContactAt, double? MonthlyRevenue, DateTime AsOf, double Score, string Band, string? Moment,
        long? OpenOutreachCase)
    {
        public CustomerHealthRow Row => new(
            new HealthInputs(CustomerId, LastNps, LastCsat, LastCes, Sentiment, SupportContacts, EventsRecent, EventsBefore, Returns,
                AsUtc(RenewalAt), AsUtc(SignupAt), AsUtc(LastBadContactAt), MonthlyRevenue),
            DateTime.SpecifyKind(AsOf, DateTimeKind.Utc), Score, Band, Moment, OpenOutreachCase);
    }

    /// <summary>A customer's stored health, or null when it has not been computed (or they have left).</summary>
    public async Task<CustomerHealthRow?> CustomerHealthAsync(long workspaceId, string customerId) =>
        (await QueryAsync<StoredHealth>($"SELECT {HealthRowColumns} FROM customer_health h WHERE h.workspace_id = @workspaceId AND h.customer_id = @customerId",
            new { workspaceId, customerId })).SingleOrDefault()?.Row;

    /// <summary>
    /// The at-risk list: at risk, or on watch at a high-risk moment; the lowest score first, then the
    /// most revenue. <paramref name="moment"/> narrows it to one moment. Returns the page and the total.
    /// </summary>
    public async Task<(IReadOnlyList<CustomerHealthRow> Rows, long Total)> AtRiskAsync(long workspaceId, RiskMoment? moment, int limit, int offset)
    {
        const string where = """
            h.workspace_id = @workspaceId AND (h.band = 'at_risk' OR (h.band = 'watch' AND h.moment IS NOT NULL))
              AND (CAST(@moment AS TEXT) IS NULL OR h.moment = @moment)
            """;
        var parameters = new { workspaceId, moment = moment?.Name(), limit, offset };
        var rows = await QueryAsync<StoredHealth>($"""
            SELECT {HealthRowColumns} FROM customer_health h WHERE {where}
            ORDER BY h.score, h.monthly_revenue DESC NULLS LAST, h.customer_id LIMIT @limit OFFSET @offset
            """, parameters);
        var total = (await QueryAsync<long>($"SELECT count(*) FROM customer_health h WHERE {where}", parameters)).Single();
        return ([.. rows.Select(r => r.Row)], total);
    }

    /// <summary>
    /// Backtest: health as it would have been computed at <paramref name="cutOff"/>, against who left
    /// in the <paramref name="horizonDays"/> after. Nothing is stored.
    /// </summary>
    public async Task<HealthValidationReport> ValidateHealthAsync(long workspaceId, DateTime cutOff, int horizonDays)
    {
        var end = cutOff.AddDays(horizonDays);
        var rows = await HealthInputRowsAsync(workspaceId, cutOff, null);
        var outcomes = rows.Select(r =>
        {
            var health = HealthModel.Assess(r.Inputs, cutOff);
            var churned = r.ChurnedAt is { } at && at <= end;
            return new HealthOutcome(health.Score, health.NeedsOutreach, churned, churned && r.ChurnType != "involuntary");
        }).ToList();
        return HealthValidation.Evaluate(outcomes, cutOff, horizonDays);
    }

    /// <summary>
    /// Leading indicators: every active customer read as at <paramref name="cutOff"/>, each signal
    /// against who left in the <paramref name="horizonDays"/> after (see <see cref="LeadingIndicators"/>).
    /// </summary>
    public async Task<LeadingIndicatorReport> LeadingIndicatorsAsync(long workspaceId, DateTime cutOff, int horizonDays)
    {
        var end = cutOff.AddDays(horizonDays);
        var rows = await HealthInputRowsAsync(workspaceId, cutOff, null);
        return LeadingIndicators.Evaluate([.. rows.Select(r =>
        {
            var churned = r.ChurnedAt is { } at && at <= end;
            return (r.Inputs, churned, churned && r.ChurnType != "involuntary");
        })], cutOff, horizonDays);
    }

    /// <summary>
    /// Opens a proactive-outreach case for each customer named who is on the at-risk list and has no
    /// open outreach case; returns the new case ids. Cases open under the sweep lock (ids above the
    /// highest before it are this call's), and each one is announced to webhooks like any case.
    /// </summary>
    public async Task<IReadOnlyList<long>> OpenOutreachCasesAsync(long workspaceId, IReadOnlyList<string> customerIds, string? owner, int slaHours, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        return await OpeningCasesAsync<IReadOnlyList<long>>(workspaceId, async (connection, transaction, before) =>
        {
            foreach (var customerId in customerIds.Distinct(StringComparer.Ordinal))
            {
                await connection.ExecuteAsync(Dialect.Sql("""
                    INSERT INTO cases (workspace_id, customer_id, rule, source_kind, source_id, question_id, score, source_at, owner, status, sla_due_at, opened_at)
                    SELECT h.workspace_id, h.customer_id, 'Proactive outreach: ' || COALESCE(replace(h.moment, '_', ' '), 'at risk'), 'health',
                           h.customer_id || '@' || CAST(CAST(h.as_of AS DATE) AS TEXT), 'health', h.score, h.as_of, @owner, 'new', @due, @now
                    FROM customer_health h
                    WHERE h.workspace_id = @workspaceId AND h.customer_id = @customerId
                      AND (h.band = 'at_risk' OR (h.band = 'watch' AND h.moment IS NOT NULL))
                      AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.workspace_id = h.workspace_id AND k.customer_id = h.customer_id
                                      AND k.source_kind = 'health' AND k.status <> 'resolved')
                    """), new { workspaceId, customerId, owner, due = now.AddHours(slaHours), now }, transaction);
            }

            var opened = (await connection.QueryAsync<(long Id, string CustomerId, string Rule, double Score)>(
                Dialect.Sql("SELECT id, customer_id, rule, score FROM cases WHERE workspace_id = @workspaceId AND id > @before ORDER BY id"),
                new { workspaceId, before }, transaction)).ToList();
            foreach (var c in opened)
            {
                var reference = c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await EnqueueWebhookEventAsync(connection, transaction, workspaceId, Core.Outbound.WebhookEvents.CaseOpened, reference,
                    WebhookPayload.Of(Core.Outbound.WebhookEvents.CaseOpened, reference, now, workspaceId, new
                    {
                        caseId = c.Id, customerId = c.CustomerId, rule = c.Rule, owner, score = c.Score, source = "health", slaDueAt = now.AddHours(slaHours), status = "new",
                    }), now);
            }

            return [.. opened.Select(c => c.Id)];
        });
    }
}
