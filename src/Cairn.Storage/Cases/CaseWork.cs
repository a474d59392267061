using System.Data.Common;
using Cairn.Core.Cases;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// Changes to cases of one workspace inside one open transaction (from
/// <see cref="CairnStore.WorkCasesAsync"/>): status moves, assignment, notes and follow-ups, each
/// written to the case's history.
/// </summary>
public sealed class CaseWork
{
    private readonly SqlDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly long _workspaceId;

    internal CaseWork(SqlDialect dialect, DbConnection connection, DbTransaction transaction, long workspaceId) =>
        (_dialect, _connection, _transaction, _workspaceId) = (dialect, connection, transaction, workspaceId);

    /// <summary>
    /// Moves a case along the status flow (<see cref="CaseStatus.CanMove"/>); resolving needs a root
    /// cause and stamps the close time, reopening clears it. The move is written to the history.
    /// </summary>
    public async Task<(CaseChangeOutcome Outcome, string? Reason)> MoveAsync(long caseId, string to, string? rootCause, string actor, DateTime at)
    {
        var from = await CurrentStatusAsync(caseId);
        if (from is null)
        {
            return (CaseChangeOutcome.NotFound, null);
        }

        if (!CaseStatus.CanMove(from, to))
        {
            return (CaseChangeOutcome.Refused, $"a {CaseStatus.Label(from).ToLowerInvariant()} case cannot move to {CaseStatus.Label(to).ToLowerInvariant()}");
        }

        if (to == CaseStatus.Resolved && string.IsNullOrWhiteSpace(rootCause))
        {
            return (CaseChangeOutcome.Refused, "say what the root cause was before resolving");
        }

        await ExecuteAsync("""
            UPDATE cases SET status = @to,
                first_action_at = COALESCE(first_action_at, @at),
                closed_at = CASE WHEN @to = 'resolved' THEN @at ELSE NULL END,
                root_cause = CASE WHEN @to = 'resolved' THEN @rootCause ELSE root_cause END
            WHERE workspace_id = @workspaceId AND id = @caseId
            """, new { workspaceId = _workspaceId, caseId, to, at, rootCause });
        var text = $"{CaseStatus.Label(from)} → {CaseStatus.Label(to)}" + (to == CaseStatus.Resolved ? $" (root cause: {rootCause})" : "");
        await HistoryAsync(caseId, "status", actor, at, text);
        var reference = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CairnStore.EnqueueWebhookEventAsync(_dialect, _connection, _transaction, _workspaceId, Core.Outbound.WebhookEvents.CaseStatusChanged, reference,
            WebhookPayload.Of(Core.Outbound.WebhookEvents.CaseStatusChanged, reference, at, _workspaceId, new { caseId, from, to, rootCause = to == CaseStatus.Resolved ? rootCause : null, actor }), at);
        return (CaseChangeOutcome.Done, null);
    }

    /// <summary>Gives the case to another owner (a workspace member, checked by the caller), or to nobody.</summary>
    public async Task<CaseChangeOutcome> AssignAsync(long caseId, string? owner, string actor, DateTime at)
    {
        if (await CurrentStatusAsync(caseId) is null)
        {
            return CaseChangeOutcome.NotFound;
        }

        await ExecuteAsync("UPDATE cases SET owner = @owner WHERE workspace_id = @workspaceId AND id = @caseId", new { workspaceId = _workspaceId, caseId, owner });
        await HistoryAsync(caseId, "assign", actor, at, owner is null ? "Unassigned" : $"Assigned to {owner}");
        return CaseChangeOutcome.Done;
    }

    /// <summary>Adds a note; the first note counts as the first action on the case.</summary>
    public async Task<CaseChangeOutcome> NoteAsync(long caseId, string text, string actor, DateTime at)
    {
        if (await CurrentStatusAsync(caseId) is null)
        {
            return CaseChangeOutcome.NotFound;
        }

        await ExecuteAsync("UPDATE cases SET first_action_at = COALESCE(first_action_at, @at) WHERE workspace_id = @workspaceId AND id = @caseId",
            new { workspaceId = _workspaceId, caseId, at });
        await HistoryAsync(caseId, "note", actor, at, text);
        return CaseChangeOutcome.Done;
    }

    /// <summary>
    /// Records a follow-up message to the customer in the outbox (status "queued" when it will be
    /// sent, "unsent" with the reason when it cannot be), writes it to the history and moves a new or
    /// in-progress case to contacted: the message is stored before anyone is told it was.
    /// </summary>
    public async Task<(CaseChangeOutcome Outcome, long MessageId)> FollowUpAsync(long caseId, string? recipient, string subject, string body,
        string status, string? error, string actor, DateTime at)
    {
        var current = await CurrentStatusAsync(caseId);
        if (current is null)
        {
            return (CaseChangeOutcome.NotFound, 0);
        }

        var id = await _connection.ExecuteScalarAsync<long>(_dialect.Sql("""
            INSERT INTO outbox (workspace_id, case_id, recipient, subject, body, status, attempts, error, created_at)
            VALUES (@workspaceId, @caseId, @recipient, @subject, @body, @status, 0, @error, @at) RETURNING id
            """), new { workspaceId = _workspaceId, caseId, recipient, subject, body, status, error, at }, _transaction);
        await HistoryAsync(caseId, "follow_up", actor, at, $"Follow-up \"{subject}\" to {recipient ?? "(no email address)"}");
        if (current is CaseStatus.New or CaseStatus.InProgress)
        {
            await ExecuteAsync("UPDATE cases SET status = 'contacted', first_action_at = COALESCE(first_action_at, @at) WHERE workspace_id = @workspaceId AND id = @caseId",
                new { workspaceId = _workspaceId, caseId, at });
            await HistoryAsync(caseId, "status", actor, at, $"{CaseStatus.Label(current)} → {CaseStatus.Label(CaseStatus.Contacted)}");
        }

        return (CaseChangeOutcome.Done, id);
    }

    private Task<string?> CurrentStatusAsync(long caseId) =>
        _connection.ExecuteScalarAsync<string?>(_dialect.Sql("SELECT status FROM cases WHERE workspace_id = @workspaceId AND id = @caseId"),
            new { workspaceId = _workspaceId, caseId }, _transaction);

    private Task<int> ExecuteAsync(string sql, object parameters) => _connection.ExecuteAsync(_dialect.Sql(sql), parameters, _transaction);

    private Task<int> HistoryAsync(long caseId, string kind, string actor, DateTime at, string text) =>
        ExecuteAsync(
            "INSERT INTO case_notes (workspace_id, case_id, author, written_at, text, kind) VALUES (@workspaceId, @caseId, @actor, @at, @text, @kind)",
            new { workspaceId = _workspaceId, caseId, actor, at, text, kind });
}
