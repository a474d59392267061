using Cairn.Core.Cases;
using Cairn.Core.Metrics;
using Dapper;

namespace Cairn.Storage;

/// <summary>Working a case: status moves, assignment, notes, follow-up messages, and the closed-loop figures.</summary>
public sealed partial class CairnStore
{
    /// <summary>
    /// Runs <paramref name="work"/> on one transaction: many case changes commit together (a bulk
    /// action in the inbox, or the demo's three weeks of case history), and none is half-done.
    /// </summary>
    public async Task<T> WorkCasesAsync<T>(long workspaceId, Func<CaseWork, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var result = await work(new CaseWork(Dialect, connection, transaction, workspaceId));
        transaction.Commit();
        return result;
    }

    /// <inheritdoc cref="CaseWork.MoveAsync"/>
    public Task<(CaseChangeOutcome Outcome, string? Reason)> MoveCaseAsync(long workspaceId, long caseId, string to, string? rootCause, string actor, DateTime at) =>
        WorkCasesAsync(workspaceId, w => w.MoveAsync(caseId, to, rootCause, actor, at));

    /// <inheritdoc cref="CaseWork.AssignAsync"/>
    public Task<CaseChangeOutcome> AssignCaseAsync(long workspaceId, long caseId, string? owner, string actor, DateTime at) =>
        WorkCasesAsync(workspaceId, w => w.AssignAsync(caseId, owner, actor, at));

    /// <inheritdoc cref="CaseWork.NoteAsync"/>
    public Task<CaseChangeOutcome> AddCaseNoteAsync(long workspaceId, long caseId, string text, string actor, DateTime at) =>
        WorkCasesAsync(workspaceId, w => w.NoteAsync(caseId, text, actor, at));

    /// <inheritdoc cref="CaseWork.FollowUpAsync"/>
    public Task<(CaseChangeOutcome Outcome, long MessageId)> QueueFollowUpAsync(long workspaceId, long caseId, string? recipient, string subject, string body,
        string status, string? error, string actor, DateTime at) =>
        WorkCasesAsync(workspaceId, w => w.FollowUpAsync(caseId, recipient, subject, body, status, error, actor, at));

    /// <summary>Messages waiting to be sent, oldest first.</summary>
    public Task<IReadOnlyList<QueuedMessage>> QueuedMessagesAsync(int limit) =>
        QueryAsync<QueuedMessage>(
            """
            SELECT id, kind, recipient, subject, body, status, attempts, created_at AS CreatedAt, unsubscribe_url AS UnsubscribeUrl
            FROM outbox WHERE status = 'queued' ORDER BY id LIMIT @limit
            """,
            new { limit });

    /// <summary>Records a delivery attempt: sent, or the error (the message stays queued until <paramref name="giveUp"/>).</summary>
    public Task RecordDeliveryAsync(long messageId, bool sent, string? error, bool giveUp, DateTime at) =>
        ExecuteAsync(
            """
            UPDATE outbox SET attempts = attempts + 1, error = @error,
                status = CASE WHEN @sent THEN 'sent' WHEN @giveUp THEN 'failed' ELSE status END,
                sent_at = CASE WHEN @sent THEN @at ELSE sent_at END
            WHERE id = @messageId
            """,
            new { messageId, sent, error, giveUp, at });

    /// <summary>
    /// The closed-loop counts for cases opened in [from, to) (and detractor answers given then), in
    /// three aggregate queries; see <see cref="ClosedLoopTally"/>.
    /// </summary>
    public async Task<ClosedLoopTally> ClosedLoopAsync(long workspaceId, DateTime from, DateTime to, DateTime now)
    {
        var hours = (string end) => $"({Dialect.Epoch(end)} - {Dialect.Epoch("opened_at")}) / 3600.0";
        var parameters = new { workspaceId, from, to, now };
        using var connection = Connect();
        var cases = await connection.QuerySingleAsync<(long Opened, long? Open, long? Overdue, long? Resolved, long? InSla, double? FirstAction, double? Close)>(Dialect.Sql($"""
            SELECT count(*),
                   CAST(sum(CASE WHEN status <> 'resolved' THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(CASE WHEN status <> 'resolved' AND sla_due_at < @now THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(CASE WHEN status = 'resolved' AND closed_at <= sla_due_at THEN 1 ELSE 0 END) AS BIGINT),
                   {Dialect.Percentile(hours("first_action_at"), 0.5)},
                   {Dialect.Percentile(hours("closed_at"), 0.5)}
            FROM cases WHERE workspace_id = @workspaceId AND opened_at >= @from AND opened_at < @to
            """), parameters);
        var coverage = await connection.QuerySingleAsync<(long Detractors, long? WithCase)>(Dialect.Sql("""
            SELECT count(*), CAST(sum(CASE WHEN EXISTS (SELECT 1 FROM cases k WHERE k.workspace_id = a.workspace_id AND k.source_kind = 'answer'
                                                     AND k.source_id = a.response_id AND k.question_id = 'nps') THEN 1 ELSE 0 END) AS BIGINT)
            FROM answers a
            WHERE a.workspace_id = @workspaceId AND a.question_id = 'nps' AND a.value_number BETWEEN 0 AND 6
              AND a.answered_at >= @from AND a.answered_at < @to
            """), parameters);
        // After recovery: each resolved score case's customer's first later answer to the same question.
        var recovery = await connection.QuerySingleAsync<(long N, double? Sum, double? Squares, long? Improved)>(Dialect.Sql("""
            WITH later AS (
                SELECT CASE WHEN k.question_id = 'ces' THEN k.score - a.value_number ELSE a.value_number - k.score END AS change,
                       row_number() OVER (PARTITION BY k.id ORDER BY a.answered_at) AS nth
                FROM cases k
                JOIN answers a ON a.workspace_id = k.workspace_id AND a.customer_id = k.customer_id AND a.question_id = k.question_id AND a.answered_at > k.closed_at
                WHERE k.workspace_id = @workspaceId AND k.status = 'resolved' AND k.source_kind = 'answer'
                  AND k.opened_at >= @from AND k.opened_at < @to
            )
            SELECT count(*), sum(change), sum(change * change), CAST(sum(CASE WHEN change > 0 THEN 1 ELSE 0 END) AS BIGINT) FROM later WHERE nth = 1
            """), parameters);
        return new ClosedLoopTally(
            cases.Opened, cases.Open ?? 0, cases.Overdue ?? 0, cases.Resolved ?? 0, cases.InSla ?? 0, cases.FirstAction, cases.Close,
            coverage.Detractors, coverage.WithCase ?? 0,
            recovery.N, new ScoreTally(recovery.N, recovery.Sum ?? 0, recovery.Squares ?? 0, recovery.Improved ?? 0, 0), recovery.Improved ?? 0);
    }
}
