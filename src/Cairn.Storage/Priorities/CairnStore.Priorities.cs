using Cairn.Core.Metrics;
using Cairn.Core.Priorities;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Customers of the period: everyone signed up before its end and not lost before its start,
    /// without involuntary churners (a failed payment says nothing about experience, so they sit
    /// in neither group). lost_at is set for voluntary churn. Then each customer's latest NPS answer.
    /// </summary>
    private const string PriorityBase = """
        base AS (
            SELECT external_id AS c, monthly_revenue AS revenue,
                   CASE WHEN status = 'churned' THEN churned_at END AS lost_at
            FROM customers
            WHERE workspace_id = @workspaceId AND (signup_at IS NULL OR signup_at < @to)
              AND (churned_at IS NULL OR churned_at >= @from)
              AND NOT (status = 'churned' AND COALESCE(churn_type, '') = 'involuntary')
        ),
        nps_last AS (
            SELECT c, score FROM (
                SELECT customer_id AS c, value_number AS score,
                       row_number() OVER (PARTITION BY customer_id ORDER BY answered_at DESC, response_id DESC) AS rn
                FROM answers
                WHERE workspace_id = @workspaceId AND question_id = 'nps' AND value_number BETWEEN 0 AND 10
                  AND customer_id IS NOT NULL AND answered_at >= @from AND answered_at < @to
            ) latest WHERE rn = 1
        ),
        """;

    /// <summary>
    /// Who each gap affected, and when first: a theme raised with negative sentiment in our own
    /// feedback; a touchpoint where the customer gave a bad score or a negative comment; an accepted
    /// pain point, by its rule (bad score or comment for low-nps/negative-sentiment, the theme at
    /// the touchpoint for theme:…, two or more days there for repeat-contact, else reaching it).
    /// </summary>
    private const string PriorityExposures = """
        theme_hits AS (
            SELECT ft.theme_id, f.touchpoint_id AS tp, f.customer_id AS c, f.occurred_at AS seen_at
            FROM feedback_themes ft JOIN feedback f ON f.workspace_id = ft.workspace_id AND f.id = ft.feedback_id
            WHERE ft.workspace_id = @workspaceId AND ft.sentiment < 0 AND f.customer_id IS NOT NULL AND f.competitor IS NULL
              AND f.occurred_at >= @from AND f.occurred_at < @to
        ),
        poor AS (
            SELECT touchpoint_id AS tp, customer_id AS c, answered_at AS seen_at FROM answers
            WHERE workspace_id = @workspaceId AND touchpoint_id IS NOT NULL AND customer_id IS NOT NULL
              AND answered_at >= @from AND answered_at < @to
              AND ((question_id = 'nps' AND value_number <= @npsBad) OR (question_id = 'csat' AND value_number <= @csatBad)
                   OR (question_id = 'ces' AND value_number >= @cesBad))
            UNION ALL
            SELECT touchpoint_id, customer_id, occurred_at FROM feedback
            WHERE workspace_id = @workspaceId AND touchpoint_id IS NOT NULL AND customer_id IS NOT NULL AND competitor IS NULL
              AND sentiment_label = 'negative' AND occurred_at >= @from AND occurred_at < @to
        ),
        pp AS (
            SELECT p.id, p.touchpoint_id AS tp, COALESCE(p.rule, '') AS rule FROM pain_points p
            WHERE p.workspace_id = @workspaceId AND p.status = 'accepted' AND p.touchpoint_id IS NOT NULL
        ),
        visits AS (
            SELECT e.touchpoint_id AS tp, e.customer_id AS c, min(e.ts) AS seen_at, count(DISTINCT {{day}}) AS days
            FROM events e
            WHERE e.workspace_id = @workspaceId AND e.ts >= @from AND e.ts < @to
              AND e.touchpoint_id IN (SELECT tp FROM pp WHERE rule NOT IN ('low-nps', 'negative-sentiment') AND rule NOT LIKE 'theme:%')
            GROUP BY e.touchpoint_id, e.customer_id
        ),
        hits AS (
            SELECT 'theme:' || CAST(theme_id AS TEXT) AS gap, c, seen_at FROM theme_hits
            UNION ALL
            SELECT 'touchpoint:' || CAST(tp AS TEXT), c, seen_at FROM poor
            UNION ALL
            SELECT 'pain:' || CAST(pp.id AS TEXT), p.c, p.seen_at FROM pp JOIN poor p ON p.tp = pp.tp
            WHERE pp.rule IN ('low-nps', 'negative-sentiment')
            UNION ALL
            SELECT 'pain:' || CAST(pp.id AS TEXT), h.c, h.seen_at FROM pp
            JOIN themes t ON t.workspace_id = @workspaceId AND pp.rule = 'theme:' || lower(t.name)
            JOIN theme_hits h ON h.tp = pp.tp AND h.theme_id = t.id
            UNION ALL
            SELECT 'pain:' || CAST(pp.id AS TEXT), v.c, v.seen_at FROM pp JOIN visits v ON v.tp = pp.tp
            WHERE (pp.rule = 'repeat-contact' AND v.days >= 2)
               OR (pp.rule NOT IN ('low-nps', 'negative-sentiment', 'repeat-contact') AND pp.rule NOT LIKE 'theme:%')
        ),
        exposures AS (SELECT gap, c, min(seen_at) AS seen_at FROM hits GROUP BY gap, c),
        affected AS (
            SELECT x.gap, b.c, b.revenue, b.lost_at FROM exposures x JOIN base b ON b.c = x.c
            WHERE b.lost_at IS NULL OR x.seen_at < {{lost_day}}
        )
        """;

    /// <summary>
    /// Everything the priorities board ranks, counted in the database: the period's customer base
    /// and, per gap, the affected customers with their later voluntary churn, revenue and latest
    /// NPS, plus competitor reviews for themes. A customer counts as affected only by what
    /// happened before the day they left, so the cancellation call does not "explain" the churn.
    /// </summary>
    public async Task<(PopulationTally Population, IReadOnlyList<GapTally> Gaps)> PriorityTalliesAsync(long workspaceId, DateTime from, DateTime to)
    {
        using var connection = Connect();
        var parameters = new
        {
            workspaceId, from, to,
            npsBad = ScoreMetric.Nps.Bad.Max, csatBad = ScoreMetric.Csat.Bad.Max, cesBad = ScoreMetric.Ces.Bad.Min,
        };
        var sql = ("WITH " + PriorityBase + PriorityExposures + """
            SELECT a.gap AS Gap, count(*) AS Customers, count(a.lost_at) AS Lost, COALESCE(sum(a.revenue), 0) AS Revenue, count(a.revenue) AS WithRevenue,
                   count(n.score) AS NpsN, COALESCE(sum(n.score), 0) AS NpsSum, COALESCE(sum(n.score * n.score), 0) AS NpsSquares,
                   CAST(COALESCE(sum(CASE WHEN n.score >= 9 THEN 1 ELSE 0 END), 0) AS BIGINT) AS Promoters,
                   CAST(COALESCE(sum(CASE WHEN n.score <= 6 THEN 1 ELSE 0 END), 0) AS BIGINT) AS Detractors
            FROM affected a LEFT JOIN nps_last n ON n.c = a.c GROUP BY a.gap
            UNION ALL
            SELECT '', count(*), count(b.lost_at), COALESCE(sum(b.revenue), 0), count(b.revenue),
                   count(n.score), COALESCE(sum(n.score), 0), COALESCE(sum(n.score * n.score), 0),
                   CAST(COALESCE(sum(CASE WHEN n.score >= 9 THEN 1 ELSE 0 END), 0) AS BIGINT),
                   CAST(COALESCE(sum(CASE WHEN n.score <= 6 THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM base b LEFT JOIN nps_last n ON n.c = b.c
            """)
            .Replace("{{day}}", Dialect.TruncateTime("day", "e.ts"), StringComparison.Ordinal)
            .Replace("{{lost_day}}", Dialect.TruncateTime("day", "b.lost_at"), StringComparison.Ordinal);
        var counts = (await connection.QueryAsync<GapCountRow>(Dialect.Sql(sql), parameters)).ToList();

        var monthlyChurn = await connection.ExecuteScalarAsync<double?>(Dialect.Sql($"""
            SELECT CAST(sum(CASE WHEN churned_at >= @from AND churned_at < @to THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
                   / NULLIF(sum({Dialect.Epoch("LEAST(COALESCE(churned_at, CAST(@to AS {{ts}})), CAST(@to AS {{ts}}))")}
                               - {Dialect.Epoch("GREATEST(COALESCE(signup_at, CAST(@from AS {{ts}})), CAST(@from AS {{ts}}))")}) / 2629746.0, 0)
            FROM customers
            WHERE workspace_id = @workspaceId AND (signup_at IS NULL OR signup_at < @to) AND (churned_at IS NULL OR churned_at >= @from)
            """), new { workspaceId, from, to }) ?? 0;

        var reviews = (await connection.QueryAsync<(long ThemeId, long Ours, long Theirs)>(Dialect.Sql("""
            SELECT ft.theme_id, CAST(sum(CASE WHEN r.competitor IS NULL THEN 1 ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN r.competitor IS NULL THEN 0 ELSE 1 END) AS BIGINT)
            FROM feedback r JOIN feedback_themes ft ON ft.workspace_id = r.workspace_id AND ft.feedback_id = r.id
            WHERE r.workspace_id = @workspaceId AND r.source = 'review' AND ft.sentiment < 0 AND r.occurred_at >= @from AND r.occurred_at < @to
            GROUP BY ft.theme_id
            UNION ALL
            SELECT 0, CAST(COALESCE(sum(CASE WHEN competitor IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(sum(CASE WHEN competitor IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT)
            FROM feedback WHERE workspace_id = @workspaceId AND source = 'review' AND occurred_at >= @from AND occurred_at < @to
            """), new { workspaceId, from, to })).ToList();
        var reviewTotals = reviews.Single(r => r.ThemeId == 0);
        var reviewMentions = reviews.Where(r => r.ThemeId != 0).ToDictionary(r => r.ThemeId);

        var labels = await GapLabelsAsync(connection, workspaceId);
        var all = counts.Single(c => c.Gap.Length == 0);
        var population = new PopulationTally(all.Customers, all.Lost, all.Revenue, all.WithRevenue, all.NpsTally, monthlyChurn);
        var gaps = new List<GapTally>();
        foreach (var row in counts.Where(c => c.Gap.Length > 0))
        {
            if (!labels.TryGetValue(row.Gap, out var label))
            {
                continue; // a theme or touchpoint deleted since its feedback was analysed
            }

            CompetitorTally? competitors = null;
            if (label.ThemeId is { } themeId && reviewTotals.Ours > 0 && reviewTotals.Theirs > 0)
            {
                var mentions = reviewMentions.GetValueOrDefault(themeId);
                competitors = new CompetitorTally(reviewTotals.Ours, mentions.Ours, reviewTotals.Theirs, mentions.Theirs);
            }

            gaps.Add(new GapTally(row.Gap, label.Kind, label.Label, label.Context, label.MomentOfTruth, label.Owner,
                row.Customers, row.Lost, row.Revenue, row.WithRevenue, row.NpsTally, competitors));
        }

        return (population, gaps);
    }

    private sealed record GapLabel(GapKind Kind, string Label, string? Context, bool MomentOfTruth, string? Owner, long? ThemeId);

    private async Task<Dictionary<string, GapLabel>> GapLabelsAsync(System.Data.Common.DbConnection connection, long workspaceId)
    {
        var labels = new Dictionary<string, GapLabel>(StringComparer.Ordinal);
        foreach (var (id, name) in await connection.QueryAsync<(long, string)>(Dialect.Sql("SELECT id, name FROM themes WHERE workspace_id = @workspaceId"), new { workspaceId }))
        {
            labels["theme:" + id] = new GapLabel(GapKind.Theme, name, "Theme", false, null, id);
        }

        var touchpoints = await connection.QueryAsync<(long Id, string Name, string Journey, string Stage, bool MomentOfTruth, string? Owner)>(Dialect.Sql("""
            SELECT t.id, t.name, j.name, s.name, t.moment_of_truth, t.owner
            FROM touchpoints t JOIN journeys j ON j.id = t.journey_id JOIN stages s ON s.id = t.stage_id
            WHERE t.workspace_id = @workspaceId
            """), new { workspaceId });
        var byId = touchpoints.ToDictionary(t => t.Id);
        foreach (var t in touchpoints)
        {
            labels["touchpoint:" + t.Id] = new GapLabel(GapKind.Touchpoint, t.Name, $"{t.Journey} · {t.Stage}", t.MomentOfTruth, t.Owner, null);
        }

        foreach (var (id, touchpointId, title, owner) in await connection.QueryAsync<(long, long, string, string?)>(Dialect.Sql(
            "SELECT id, touchpoint_id, title, owner FROM pain_points WHERE workspace_id = @workspaceId AND status = 'accepted' AND touchpoint_id IS NOT NULL"), new { workspaceId }))
        {
            var at = byId.GetValueOrDefault(touchpointId);
            labels["pain:" + id] = new GapLabel(GapKind.PainPoint, title, at.Name is null ? "Pain point" : $"Pain point · {at.Journey} · {at.Name}", at.MomentOfTruth, owner ?? at.Owner, null);
        }

        return labels;
    }

    private sealed record GapCountRow(string Gap, long Customers, long Lost, double Revenue, long WithRevenue, long NpsN, double NpsSum, double NpsSquares, long Promoters, long Detractors)
    {
        public ScoreTally NpsTally => new(NpsN, NpsSum, NpsSquares, Promoters, Detractors);
    }

    public async Task<IReadOnlyDictionary<string, GapInputs>> GapInputsAsync(long workspaceId) =>
        (await QueryAsync<(string Key, int? Severity, int? Fixability, string? Owner)>(
            "SELECT gap_key, severity, fixability, owner FROM gap_inputs WHERE workspace_id = @workspaceId", new { workspaceId }))
        .ToDictionary(r => r.Key, r => new GapInputs(r.Severity, r.Fixability, r.Owner), StringComparer.Ordinal);

    /// <summary>Whether a gap key ("theme:4", "touchpoint:12", "pain:3") names a theme, touchpoint or accepted pain point of this workspace.</summary>
    public async Task<bool> GapExistsAsync(long workspaceId, string gapKey)
    {
        ArgumentNullException.ThrowIfNull(gapKey);
        var colon = gapKey.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !long.TryParse(gapKey.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        var sql = gapKey[..colon] switch
        {
            "theme" => "SELECT count(*) FROM themes WHERE workspace_id = @workspaceId AND id = @id",
            "touchpoint" => "SELECT count(*) FROM touchpoints WHERE workspace_id = @workspaceId AND id = @id",
            "pain" => "SELECT count(*) FROM pain_points WHERE workspace_id = @workspaceId AND id = @id AND status = 'accepted'",
            _ => null,
        };
        return sql is not null && await ScalarAsync<long>(sql, new { workspaceId, id }) > 0;
    }

    /// <summary>Sets (replaces) the analyst's inputs on a gap.</summary>
    public Task SaveGapInputsAsync(long workspaceId, string gapKey, GapInputs inputs, string updatedBy)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ExecuteAsync(
            """
            INSERT INTO gap_inputs (workspace_id, gap_key, severity, fixability, owner, updated_at, updated_by)
            VALUES (@workspaceId, @gapKey, @severity, @fixability, @owner, @now, @updatedBy)
            ON CONFLICT (workspace_id, gap_key) DO UPDATE SET severity = excluded.severity, fixability = excluded.fixability,
                owner = excluded.owner, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { workspaceId, gapKey, severity = inputs.Severity, fixability = inputs.Fixability, owner = inputs.Owner, now = UtcNow, updatedBy });
    }
}
