using Cairn.Core.Initiatives;
using Cairn.Core.Metrics;
using Cairn.Storage.Initiatives;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    private const string InitiativeColumns = """
        id, title, description, owner, sponsor, status, metric, baseline, target, CAST(start_date AS {{ts}}) AS StartDate, CAST(due_date AS {{ts}}) AS DueDate,
        launched_at AS LaunchedAt, COALESCE(window_days, 90) AS WindowDays, gap_key AS GapKey, created_at AS CreatedAt, created_by AS CreatedBy
        """;

    public async Task<long> CreateInitiativeAsync(long workspaceId, InitiativeDraft draft, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var id = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            INSERT INTO initiatives (workspace_id, title, description, owner, sponsor, status, metric, baseline, target, start_date, due_date, window_days, gap_key, created_at, created_by)
            VALUES (@workspaceId, @Title, @Description, @Owner, @Sponsor, 'planned', @Metric, @Baseline, @Target, @StartDate, @DueDate, @WindowDays, @GapKey, @now, @createdBy)
            RETURNING id
            """), new { workspaceId, draft.Title, draft.Description, draft.Owner, draft.Sponsor, draft.Metric, draft.Baseline, draft.Target,
            draft.StartDate, draft.DueDate, draft.WindowDays, draft.GapKey, now = UtcNow, createdBy }, transaction);
        var links = draft.Touchpoints.Select(t => ("touchpoint", t.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(draft.Segments.Select(s => ("segment", s)))
            .Concat(draft.Themes.Select(t => ("theme", t.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Concat(draft.PainPoints.Select(p => ("pain_point", p.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Distinct();
        foreach (var (kind, reference) in links)
        {
            await connection.ExecuteAsync(Dialect.Sql("INSERT INTO initiative_links (workspace_id, initiative_id, kind, ref) VALUES (@workspaceId, @id, @kind, @reference)"),
                new { workspaceId, id, kind, reference }, transaction);
        }

        transaction.Commit();
        return id;
    }

    public async Task<IReadOnlyList<InitiativeRow>> InitiativesAsync(long workspaceId)
    {
        var rows = await QueryAsync<InitiativeRow>($"SELECT {InitiativeColumns} FROM initiatives WHERE workspace_id = @workspaceId ORDER BY due_date NULLS LAST, id", new { workspaceId });
        var links = (await InitiativeLinksAsync(workspaceId, null)).ToLookup(l => l.Id, l => l.Link);
        return rows.Select(r => r with { Links = links[r.Id].ToList() }).ToList();
    }

    public async Task<InitiativeRow?> InitiativeAsync(long workspaceId, long id)
    {
        var row = (await QueryAsync<InitiativeRow>($"SELECT {InitiativeColumns} FROM initiatives WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id })).SingleOrDefault();
        return row is null ? null : row with { Links = (await InitiativeLinksAsync(workspaceId, id)).Select(l => l.Link).ToList() };
    }

    private async Task<IReadOnlyList<(long Id, InitiativeLink Link)>> InitiativeLinksAsync(long workspaceId, long? id)
    {
        var rows = await QueryAsync<(long Id, string Kind, string Ref, string? Label)>("""
            SELECT l.initiative_id, l.kind, l.ref,
                   CASE l.kind WHEN 'touchpoint' THEN (SELECT t.name FROM touchpoints t WHERE t.workspace_id = l.workspace_id AND CAST(t.id AS TEXT) = l.ref)
                               WHEN 'theme' THEN (SELECT h.name FROM themes h WHERE h.workspace_id = l.workspace_id AND CAST(h.id AS TEXT) = l.ref)
                               WHEN 'pain_point' THEN (SELECT p.title FROM pain_points p WHERE p.workspace_id = l.workspace_id AND CAST(p.id AS TEXT) = l.ref)
                               ELSE l.ref END
            FROM initiative_links l
            WHERE l.workspace_id = @workspaceId AND (CAST(@id AS BIGINT) IS NULL OR l.initiative_id = @id)
            ORDER BY l.kind, l.ref
            """, new { workspaceId, id });
        return rows.Select(r => (r.Id, new InitiativeLink(r.Kind, r.Ref, r.Label ?? "(deleted)"))).ToList();
    }

    /// <summary>Moves an initiative; launching stamps the launch time (measurement starts there). False when it is not in the workspace.</summary>
    public async Task<bool> SetInitiativeStatusAsync(long workspaceId, long id, string status, DateTime at)
    {
        if (!InitiativeStatus.IsKnown(status))
        {
            throw new ArgumentException($"unknown initiative status '{status}'", nameof(status));
        }

        return await ExecuteAsync(
            """
            UPDATE initiatives SET status = @status,
                launched_at = CASE WHEN @status = 'launched' THEN @at ELSE launched_at END
            WHERE workspace_id = @workspaceId AND id = @id
            """, new { workspaceId, id, status, at }) > 0;
    }

    /// <summary>Sets when the change reached customers (for a launch recorded after the fact).</summary>
    public async Task<bool> SetInitiativeLaunchAsync(long workspaceId, long id, DateTime launchedAt) =>
        await ExecuteAsync("UPDATE initiatives SET status = 'launched', launched_at = @launchedAt WHERE workspace_id = @workspaceId AND id = @id",
            new { workspaceId, id, launchedAt }) > 0;

    /// <summary>
    /// The initiative's metric week by week in [from, to), split into affected customers and the
    /// rest, and at the launch instant into before and after (a week may hold both). Affected: in a linked segment (when any) and, when touchpoints are linked (directly or
    /// through a pain point), with an event or answer at one of them in [from, to). With no scope
    /// at all, everyone is affected.
    /// </summary>
    public async Task<IReadOnlyList<InitiativeWeek>> InitiativeWeeksAsync(long workspaceId, long id, ScoreMetric metric, DateTime from, DateTime launch, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var week = Dialect.TruncateTime("week", "a.answered_at");
        return await QueryAsync<InitiativeWeek>($"""
            WITH scope_tp AS (
                SELECT CAST(ref AS BIGINT) AS tp FROM initiative_links WHERE workspace_id = @workspaceId AND initiative_id = @id AND kind = 'touchpoint'
                UNION
                SELECT p.touchpoint_id FROM initiative_links l JOIN pain_points p ON p.workspace_id = l.workspace_id AND CAST(p.id AS TEXT) = l.ref
                WHERE l.workspace_id = @workspaceId AND l.initiative_id = @id AND l.kind = 'pain_point' AND p.touchpoint_id IS NOT NULL
            ),
            scope_segment AS (SELECT ref AS segment FROM initiative_links WHERE workspace_id = @workspaceId AND initiative_id = @id AND kind = 'segment'),
            visitors AS (
                SELECT customer_id AS c FROM events
                WHERE workspace_id = @workspaceId AND touchpoint_id IN (SELECT tp FROM scope_tp) AND ts >= @from AND ts < @to
                UNION
                SELECT customer_id FROM answers
                WHERE workspace_id = @workspaceId AND touchpoint_id IN (SELECT tp FROM scope_tp) AND answered_at >= @from AND answered_at < @to AND customer_id IS NOT NULL
            ),
            affected AS (
                SELECT external_id AS c FROM customers
                WHERE workspace_id = @workspaceId
                  AND (NOT EXISTS (SELECT 1 FROM scope_segment) OR segment IN (SELECT segment FROM scope_segment))
                  AND (NOT EXISTS (SELECT 1 FROM scope_tp) OR external_id IN (SELECT c FROM visitors))
            )
            SELECT {week} AS Week, f.c IS NOT NULL AS Affected, a.answered_at >= @launch AS After, count(*) AS N, sum(a.value_number) AS Sum, sum(a.value_number * a.value_number) AS SumOfSquares,
                   CAST(sum(CASE WHEN a.value_number BETWEEN @goodMin AND @goodMax THEN 1 ELSE 0 END) AS BIGINT) AS Good,
                   CAST(sum(CASE WHEN a.value_number BETWEEN @badMin AND @badMax THEN 1 ELSE 0 END) AS BIGINT) AS Bad
            FROM answers a LEFT JOIN affected f ON f.c = a.customer_id
            WHERE a.workspace_id = @workspaceId AND a.question_id = @question AND a.customer_id IS NOT NULL
              AND a.value_number BETWEEN @scaleMin AND @scaleMax AND a.answered_at >= @from AND a.answered_at < @to
            GROUP BY {week}, f.c IS NOT NULL, a.answered_at >= @launch
            ORDER BY 1, 2, 3
            """,
            new
            {
                workspaceId, id, from, launch, to, question = metric.QuestionId,
                goodMin = metric.Good.Min, goodMax = metric.Good.Max, badMin = metric.Bad.Min, badMax = metric.Bad.Max,
                scaleMin = metric.Scale.Min, scaleMax = metric.Scale.Max,
            });
    }
}
