using Dapper;

namespace Cairn.Storage;

/// <summary>A person of the workspace and their role.</summary>
public sealed record MemberRow(long UserId, string Email, string? DisplayName, string Role, DateTime CreatedAt, DateTime? LastSignInAt);

/// <summary>An API key as people see it: never the key, only its first characters.</summary>
public sealed record ApiKeyInfo(long Id, string Name, string Prefix, string Scope, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>What a change of access came to.</summary>
public enum AccessChange
{
    Done,
    NotFound,

    /// <summary>Refused: it would leave the workspace without an admin.</summary>
    LastAdmin,
}

public sealed partial class CairnStore
{
    public static readonly IReadOnlyList<string> Roles = ["admin", "analyst", "case_owner", "viewer"];

    public static readonly IReadOnlyList<string> Scopes = ["ingest", "read", "admin"];

    public Task<IReadOnlyList<MemberRow>> MembersAsync(long workspaceId) =>
        QueryAsync<MemberRow>("""
            SELECT u.id AS UserId, u.email, u.display_name AS DisplayName, m.role, u.created_at AS CreatedAt, u.last_sign_in_at AS LastSignInAt
            FROM workspace_members m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = @workspaceId ORDER BY u.email
            """, new { workspaceId });

    /// <summary>The member's current role, or null when they are no longer a member (a session must then end).</summary>
    public Task<string?> RoleOfAsync(long workspaceId, string email) =>
        QuerySingleOrDefaultAsync<string?>(
            "SELECT m.role FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = @workspaceId AND u.email = @email",
            new { workspaceId, email = email.Trim().ToLowerInvariant() });

    /// <summary>
    /// Adds a person to the workspace: a new user with the given password hash, or an existing user
    /// (their password unchanged) gaining a membership. Null when they are a member already.
    /// </summary>
    public async Task<long?> AddMemberAsync(long workspaceId, string email, string passwordHash, string role, string actor)
    {
        var normalized = email.Trim().ToLowerInvariant();
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var userId = await connection.QuerySingleOrDefaultAsync<long?>(Dialect.Sql("SELECT id FROM users WHERE email = @normalized"), new { normalized }, transaction)
            ?? await connection.ExecuteScalarAsync<long>(Dialect.Sql("INSERT INTO users (email, password_hash, created_at) VALUES (@normalized, @passwordHash, @now) RETURNING id"),
                new { normalized, passwordHash, now = UtcNow }, transaction);
        var member = await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM workspace_members WHERE workspace_id = @workspaceId AND user_id = @userId"), new { workspaceId, userId }, transaction);
        if (member > 0)
        {
            return null;
        }

        await connection.ExecuteAsync(Dialect.Sql("INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (@workspaceId, @userId, @role)"), new { workspaceId, userId, role }, transaction);
        await LogAsync(connection, transaction, workspaceId, actor, "member.added", normalized, System.Text.Json.JsonSerializer.Serialize(new { role }));
        transaction.Commit();
        return userId;
    }

    /// <summary>Changes a member's role; the last admin cannot stop being one. Returns the outcome and the member's email (null when not found).</summary>
    public Task<(AccessChange Outcome, string? Email)> SetMemberRoleAsync(long workspaceId, long userId, string role, string actor) =>
        ChangeMemberAsync(workspaceId, userId, role, actor);

    /// <summary>Removes a member (the user stays, for their other workspaces); the last admin cannot be removed. Returns the outcome and the member's email.</summary>
    public Task<(AccessChange Outcome, string? Email)> RemoveMemberAsync(long workspaceId, long userId, string actor) =>
        ChangeMemberAsync(workspaceId, userId, null, actor);

    private async Task<(AccessChange Outcome, string? Email)> ChangeMemberAsync(long workspaceId, long userId, string? newRole, string actor)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var current = (await connection.QueryAsync<(string Email, string Role)>(Dialect.Sql("""
            SELECT u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = @workspaceId AND m.user_id = @userId
            """), new { workspaceId, userId }, transaction)).ToList();
        if (current is not [var (email, role)])
        {
            return (AccessChange.NotFound, null);
        }

        if (role == "admin" && newRole != "admin")
        {
            var admins = await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM workspace_members WHERE workspace_id = @workspaceId AND role = 'admin'"), new { workspaceId }, transaction);
            if (admins <= 1)
            {
                return (AccessChange.LastAdmin, email);
            }
        }

        if (newRole is null)
        {
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM workspace_members WHERE workspace_id = @workspaceId AND user_id = @userId"), new { workspaceId, userId }, transaction);
            await LogAsync(connection, transaction, workspaceId, actor, "member.removed", email, System.Text.Json.JsonSerializer.Serialize(new { role }));
        }
        else if (newRole != role)
        {
            await connection.ExecuteAsync(Dialect.Sql("UPDATE workspace_members SET role = @newRole WHERE workspace_id = @workspaceId AND user_id = @userId"), new { workspaceId, userId, newRole }, transaction);
            await LogAsync(connection, transaction, workspaceId, actor, "member.role_changed", email, System.Text.Json.JsonSerializer.Serialize(new { from = role, to = newRole }));
        }

        transaction.Commit();
        return (AccessChange.Done, email);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ApiKeysAsync(long workspaceId) =>
        QueryAsync<ApiKeyInfo>(
            "SELECT id, name, prefix, scope, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys WHERE workspace_id = @workspaceId ORDER BY revoked_at IS NOT NULL, id",
            new { workspaceId });

    /// <summary>Revokes a key at once; returns its hash (so a cache of keys can drop it), or null when the workspace has no such live key.</summary>
    public async Task<string?> RevokeApiKeyAsync(long workspaceId, long id, string actor)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var key = (await connection.QueryAsync<(string Hash, string Name)>(Dialect.Sql("SELECT key_hash, name FROM api_keys WHERE workspace_id = @workspaceId AND id = @id AND revoked_at IS NULL"),
            new { workspaceId, id }, transaction)).ToList();
        if (key is not [var (hash, name)])
        {
            return null;
        }

        await connection.ExecuteAsync(Dialect.Sql("UPDATE api_keys SET revoked_at = @now WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id, now = UtcNow }, transaction);
        await LogAsync(connection, transaction, workspaceId, actor, "api_key.revoked", name, null);
        transaction.Commit();
        return hash;
    }

    private Task<int> LogAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long workspaceId, string actor, string action, string? target, string? detailJson) =>
        connection.ExecuteAsync(Dialect.Sql(AuditInsert), new { workspaceId, now = UtcNow, actor, action, target, detailJson }, transaction);
}
