using Cairn.Core.Cases;
using Cairn.Storage.Cases;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    // One sweep at a time in this process; PostgreSQL nodes also take an advisory lock (see OpenCasesAsync).
    private readonly SemaphoreSlim _sweepGate = new(1, 1);

    public async Task<long> CreateCaseRuleAsync(long workspaceId, string name, CaseCondition condition, string? owner, int slaHours, DateTime since, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return await ScalarAsync<long>(
            """
            INSERT INTO case_rules (workspace_id, name, condition, owner, sla_hours, since, enabled, created_at, created_by)
            VALUES (@workspaceId, @name, @condition, @owner, @slaHours, @since, TRUE, @now, @createdBy) RETURNING id
            """,
            new { workspaceId, name, condition = condition.ToString(), owner, slaHours, since, now = UtcNow, createdBy });
    }

    public async Task<bool> SetCaseRuleEnabledAsync(long workspaceId, long ruleId, bool enabled) =>
        await ExecuteAsync("UPDATE case_rules SET enabled = @enabled WHERE workspace_id = @workspaceId AND id = @ruleId", new { workspaceId, ruleId, enabled }) > 0;

    public Task<IReadOnlyList<CaseRuleRow>> CaseRulesAsync(long workspaceId) =>
        QueryAsync<CaseRuleRow>(
            """
            SELECT r.id, r.name, r.condition, r.owner, r.sla_hours AS SlaHours, r.since, r.enabled,
                   count(c.id) AS Cases, CAST(COALESCE(sum(CASE WHEN c.status <> 'resolved' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Open
            FROM case_rules r LEFT JOIN cases c ON c.workspace_id = r.workspace_id AND c.rule_id = r.id
            WHERE r.workspace_id = @workspaceId
            GROUP BY r.id, r.name, r.condition, r.owner, r.sla_hours, r.since, r.enabled
            ORDER BY r.id
            """,
            new { workspaceId });

    public async Task<long> AddCaseRouteAsync(long workspaceId, long? touchpointId, string? segment, string owner) =>
        await ScalarAsync<long>(
            "INSERT INTO case_routes (workspace_id, touchpoint_id, segment, owner) VALUES (@workspaceId, @touchpointId, @segment, @owner) RETURNING id",
            new { workspaceId, touchpointId, segment, owner });

    public async Task<bool> DeleteCaseRouteAsync(long workspaceId, long routeId) =>
        await ExecuteAsync("DELETE FROM case_routes WHERE workspace_id = @workspaceId AND id = @routeId", new { workspaceId, routeId }) > 0;

    public Task<IReadOnlyList<CaseRouteRow>> CaseRoutesAsync(long workspaceId) =>
        QueryAsync<CaseRouteRow>(
            """
            SELECT r.id, r.touchpoint_id AS TouchpointId, tp.name AS Touchpoint, r.segment, r.owner
            FROM case_routes r LEFT JOIN touchpoints tp ON tp.id = r.touchpoint_id
            WHERE r.workspace_id = @workspaceId ORDER BY r.id
            """,
            new { workspaceId });

    /// <summary>The workspace's people, by email: who a case can be assigned to.</summary>
    public Task<IReadOnlyList<string>> MemberEmailsAsync(long workspaceId) =>
        QueryAsync<string>(
            "SELECT u.email FROM users u JOIN workspace_members m ON m.user_id = u.id WHERE m.workspace_id = @workspaceId ORDER BY u.email",
            new { workspaceId });

    /// <summary>
    /// Opens a case for every item an enabled rule matches, from the rule's start up to
    /// <paramref name="asOf"/>, that has no case yet; returns how many were opened. The owner is
    /// the rule's, else the most specific matching route's (touchpoint and segment over either
    /// alone), else the touchpoint's owner when that is a person of the workspace (a map may name a
    /// team instead). Each rule is one INSERT … SELECT: nothing is loaded.
    /// </summary>
    public Task<int> OpenCasesAsync(long workspaceId, DateTime asOf) => OpeningCasesAsync(workspaceId, async (connection, transaction, before) =>
        {
            var rules = await connection.QueryAsync<(long Id, string Name, string Condition, string? Owner, int SlaHours, DateTime Since)>(
                Dialect.Sql("SELECT id, name, condition, owner, sla_hours, since FROM case_rules WHERE workspace_id = @workspaceId AND enabled ORDER BY id"),
                new { workspaceId }, transaction);
            var opened = 0;
            foreach (var rule in rules)
            {
                var condition = CaseConditionParser.Parse(rule.Condition, new List<string>());
                if (condition is null)
                {
                    continue; // stored rules were parsed when saved; one the parser has since outgrown opens nothing rather than everything
                }

                var parameters = new DynamicParameters(new
                {
                    workspaceId, ruleId = rule.Id, ruleName = rule.Name, owner = rule.Owner, since = rule.Since, asOf,
                    slaDue = asOf.AddHours(rule.SlaHours), question = condition.ScoreQuestion,
                    kind = condition.Source == CaseSource.Score ? "answer" : "feedback",
                });
                var matches = CaseRuleSql.Matches(condition, parameters);
                opened += await connection.ExecuteAsync(Dialect.Sql($"""
                    INSERT INTO cases (workspace_id, customer_id, rule, rule_id, source_kind, source_id, question_id, score, touchpoint_id, source_at,
                                       owner, status, sla_due_at, opened_at)
                    SELECT @workspaceId, m.customer_id, @ruleName, @ruleId, @kind, m.source_id, m.question_id, m.score, m.touchpoint_id, m.source_at,
                           COALESCE(CAST(@owner AS TEXT),
                               (SELECT r.owner FROM case_routes r
                                WHERE r.workspace_id = @workspaceId AND (r.touchpoint_id IS NOT NULL OR r.segment IS NOT NULL)
                                  AND (r.touchpoint_id IS NULL OR r.touchpoint_id = m.touchpoint_id)
                                  AND (r.segment IS NULL OR r.segment = m.segment)
                                ORDER BY (CASE WHEN r.touchpoint_id IS NULL THEN 0 ELSE 2 END) + (CASE WHEN r.segment IS NULL THEN 0 ELSE 1 END) DESC, r.id
                                LIMIT 1),
                               (SELECT u.email FROM users u JOIN workspace_members wm ON wm.user_id = u.id
                                WHERE wm.workspace_id = @workspaceId AND lower(u.email) = lower(m.touchpoint_owner))),
                           'new', @slaDue, @asOf
                    FROM ({matches}) m
                    WHERE NOT EXISTS (SELECT 1 FROM cases x WHERE x.workspace_id = @workspaceId AND x.source_kind = @kind
                                        AND x.source_id = m.source_id AND COALESCE(x.question_id, '') = COALESCE(m.question_id, ''))
                    """), parameters, transaction);
            }

            if (opened > 0)
            {
                var fresh = await connection.QueryAsync<OpenedCase>(
                    Dialect.Sql("SELECT id, customer_id AS CustomerId, rule, owner, score, touchpoint_id AS TouchpointId, source_kind AS SourceKind, source_id AS SourceId, sla_due_at AS SlaDueAt FROM cases WHERE workspace_id = @workspaceId AND id > @before ORDER BY id"),
                    new { workspaceId, before }, transaction);
                foreach (var c in fresh)
                {
                    var reference = c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await EnqueueWebhookEventAsync(connection, transaction, workspaceId, Core.Outbound.WebhookEvents.CaseOpened, reference,
                        WebhookPayload.Of(Core.Outbound.WebhookEvents.CaseOpened, reference, asOf, workspaceId, new
                        {
                            caseId = c.Id, customerId = c.CustomerId, rule = c.Rule, owner = c.Owner, score = c.Score, touchpointId = c.TouchpointId,
                            source = c.SourceKind, sourceId = c.SourceId, slaDueAt = c.SlaDueAt, status = "new",
                        }), asOf);
                }
            }

            return opened;
        });

    /// <summary>
    /// Runs <paramref name="open"/> in a transaction that holds the case-opening lock: in process,
    /// and on PostgreSQL an advisory lock per workspace for several nodes. Cases are only opened
    /// under it, so ids above <c>before</c> (the highest when it began) are the ones this call opens.
    /// </summary>
    private async Task<T> OpeningCasesAsync<T>(long workspaceId, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, long, Task<T>> open)
    {
        await _sweepGate.WaitAsync();
        try
        {
            using var connection = Connect();
            using var transaction = connection.BeginTransaction();
            if (Dialect.Engine == StorageEngine.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = 0x63617365L ^ workspaceId }, transaction);
            }

            var before = await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT COALESCE(max(id), 0) FROM cases WHERE workspace_id = @workspaceId"), new { workspaceId }, transaction);
            var result = await open(connection, transaction, before);
            transaction.Commit();
            return result;
        }
        finally
        {
            _sweepGate.Release();
        }
    }

    private sealed record OpenedCase(long Id, string? CustomerId, string? Rule, string? Owner, double? Score, long? TouchpointId, string? SourceKind, string? SourceId, DateTime? SlaDueAt);

    /// <summary>Open cases first, the most urgent (earliest SLA) on top; then resolved ones, most recently closed first.</summary>
    private const string InboxOrder = "CASE WHEN k.status = 'resolved' THEN 1 ELSE 0 END, CASE WHEN k.status = 'resolved' THEN NULL ELSE k.sla_due_at END, k.closed_at DESC, k.id DESC";

    /// <summary>One page of cases in inbox order (<see cref="InboxOrder"/>) and how many match the filter in all.</summary>
    public async Task<(IReadOnlyList<CaseRow> Cases, long Total)> CasesAsync(long workspaceId, CaseFilter filter, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new List<string> { "k.workspace_id = @workspaceId" };
        var parameters = new DynamicParameters(new { workspaceId, now, limit = filter.Limit, offset = filter.Offset });
        if (filter.Status == "open")
        {
            where.Add("k.status <> 'resolved'");
        }
        else if (filter.Status is { } status)
        {
            where.Add("k.status = @status");
            parameters.Add("status", status);
        }

        if (filter.Owner == "none")
        {
            where.Add("k.owner IS NULL");
        }
        else if (filter.Owner is { } owner)
        {
            where.Add("k.owner = @owner");
            parameters.Add("owner", owner);
        }

        if (filter.OverdueOnly)
        {
            where.Add("k.status <> 'resolved' AND k.sla_due_at < @now");
        }

        if (filter.RuleId is { } ruleId)
        {
            where.Add("k.rule_id = @ruleId");
            parameters.Add("ruleId", ruleId);
        }

        var conditions = string.Join(" AND ", where);
        using var connection = Connect();
        var total = await connection.ExecuteScalarAsync<long>(Dialect.Sql($"SELECT count(*) FROM cases k WHERE {conditions}"), parameters);
        var rows = await connection.QueryAsync<CaseRow>(Dialect.Sql($"""
            WITH page AS (
                SELECT * FROM cases k WHERE {conditions}
                ORDER BY {InboxOrder} LIMIT @limit OFFSET @offset
            )
            {CaseSelect("page")}
            ORDER BY {InboxOrder}
            """), parameters);
        return (rows.AsList(), total);
    }

    /// <summary>The case with its history and the customer's other scores; null when not in the workspace.</summary>
    public async Task<CaseDetail?> CaseAsync(long workspaceId, long caseId)
    {
        using var connection = Connect();
        var parameters = new { workspaceId, caseId };
        var row = (await connection.QueryAsync<CaseRow>(Dialect.Sql($"""
            WITH page AS (SELECT * FROM cases WHERE workspace_id = @workspaceId AND id = @caseId)
            {CaseSelect("page")}
            """), parameters)).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        var customer = row.CustomerId is null ? default : await connection.QuerySingleOrDefaultAsync<(string? Email, string? Plan, double? Revenue)>(Dialect.Sql(
            "SELECT email, plan, monthly_revenue FROM customers WHERE workspace_id = @workspaceId AND external_id = @customerId"),
            new { workspaceId, customerId = row.CustomerId });
        var notes = await connection.QueryAsync<CaseNoteRow>(Dialect.Sql(
            "SELECT id, COALESCE(kind, 'note') AS Kind, author, written_at AS WrittenAt, text FROM case_notes WHERE workspace_id = @workspaceId AND case_id = @caseId ORDER BY written_at, id"),
            parameters);
        var messages = await connection.QueryAsync<OutboxRow>(Dialect.Sql("""
            SELECT id, case_id AS CaseId, recipient, subject, body, status, attempts, error, created_at AS CreatedAt, sent_at AS SentAt
            FROM outbox WHERE workspace_id = @workspaceId AND case_id = @caseId ORDER BY id
            """), parameters);
        var scores = row.CustomerId is null ? [] : await connection.QueryAsync<CustomerScoreRow>(Dialect.Sql("""
            SELECT a.response_id AS ResponseId, a.question_id AS QuestionId, a.value_number AS Score, a.answered_at AS AnsweredAt, tp.name AS Touchpoint
            FROM answers a LEFT JOIN touchpoints tp ON tp.id = a.touchpoint_id
            WHERE a.workspace_id = @workspaceId AND a.customer_id = @customerId AND a.question_id IN ('nps', 'csat', 'ces')
            ORDER BY a.answered_at DESC LIMIT 20
            """), new { workspaceId, customerId = row.CustomerId });
        return new CaseDetail(row, customer.Email, customer.Plan, customer.Revenue, notes.AsList(), messages.AsList(), scores.AsList());
    }

    /// <summary>The survey a response answered (for a re-survey link); null when unknown.</summary>
    public Task<long?> SurveyOfResponseAsync(long workspaceId, string responseId) =>
        QuerySingleOrDefaultAsync<long?>("SELECT survey_id FROM responses WHERE workspace_id = @workspaceId AND id = @responseId", new { workspaceId, responseId });

    /// <summary>
    /// The list and detail columns: the customer's name and segment, the touchpoint's name, and the
    /// verbatim (the feedback item itself, or the comment left with the scored response).
    /// </summary>
    private static string CaseSelect(string page) => $"""
        SELECT k.id, k.customer_id AS CustomerId, cu.name AS CustomerName, cu.segment, k.rule AS RuleName, k.source_kind AS SourceKind, k.source_id AS SourceId,
               k.question_id AS QuestionId, k.score, k.touchpoint_id AS TouchpointId, tp.name AS Touchpoint, k.owner, k.status,
               k.opened_at AS OpenedAt, k.sla_due_at AS SlaDueAt, k.first_action_at AS FirstActionAt, k.closed_at AS ClosedAt, k.root_cause AS RootCause,
               COALESCE(f.text, fc.text) AS Verbatim
        FROM {page} k
        LEFT JOIN customers cu ON cu.workspace_id = k.workspace_id AND cu.external_id = k.customer_id
        LEFT JOIN touchpoints tp ON tp.id = k.touchpoint_id
        LEFT JOIN feedback f ON k.source_kind = 'feedback' AND f.workspace_id = k.workspace_id AND f.id = k.source_id
        LEFT JOIN (SELECT c.response_id, min(c.text) AS text FROM feedback c
                   WHERE c.workspace_id = @workspaceId AND c.source = 'survey_comment' AND c.response_id IN (SELECT source_id FROM {page} WHERE source_kind = 'answer')
                   GROUP BY c.response_id) fc ON k.source_kind = 'answer' AND fc.response_id = k.source_id
        """;
}
