namespace Cairn.Storage;

/// <summary>One line of the audit log: who did what to what, when; detail is a JSON object or null.</summary>
public sealed record AuditLogRow(long Id, DateTime LoggedAt, string Actor, string Action, string? Target, string? Detail);

public sealed partial class CairnStore
{
    /// <summary>The workspace's audit log, newest first; <paramref name="beforeId"/> pages back, <paramref name="action"/> keeps one action or one family ("customer.").</summary>
    public Task<IReadOnlyList<AuditLogRow>> AuditLogAsync(long workspaceId, int limit, long? beforeId = null, string? action = null) =>
        QueryAsync<AuditLogRow>("""
            SELECT id, logged_at AS LoggedAt, actor, action, target, CAST(detail AS TEXT) AS detail
            FROM audit_log
            WHERE workspace_id = @workspaceId AND (@beforeId IS NULL OR id < @beforeId) AND (@action IS NULL OR action = @action OR action LIKE @family ESCAPE '\')
            ORDER BY id DESC LIMIT @limit
            """, new { workspaceId, limit, beforeId, action, family = action is null ? null : EscapeLike(action.TrimEnd('.')) + ".%" });
}
