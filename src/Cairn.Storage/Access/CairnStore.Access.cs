using System.Security.Cryptography;
using System.Text;

namespace Cairn.Storage;

public sealed record UserRow(long Id, string Email, string? DisplayName, string PasswordHash, long WorkspaceId, string Role);

public sealed record ApiKeyRow(long Id, long WorkspaceId, string Name, string Prefix, string Scope);

public sealed partial class CairnStore
{
    public Task<long> CountUsersAsync() => ScalarAsync<long>("SELECT count(*) FROM users");

    public Task<long> CountAdminsAsync() => ScalarAsync<long>("SELECT count(*) FROM workspace_members WHERE role = 'admin'");

    public async Task<long> CreateUserAsync(string email, string passwordHash, long workspaceId, string role)
    {
        var id = await ScalarAsync<long>(
            "INSERT INTO users (email, password_hash, created_at) VALUES (@email, @passwordHash, @now) RETURNING id",
            new { email = email.Trim().ToLowerInvariant(), passwordHash, now = UtcNow });
        await ExecuteAsync("INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (@workspaceId, @id, @role)", new { workspaceId, id, role });
        await AuditAsync(workspaceId, "system", "user.created", email, null);
        return id;
    }

    /// <summary>The user and their first workspace membership; null when no such user.</summary>
    public Task<UserRow?> FindUserAsync(string email) =>
        QuerySingleOrDefaultAsync<UserRow>(
            """
            SELECT u.id, u.email, u.display_name AS DisplayName, u.password_hash AS PasswordHash, m.workspace_id AS WorkspaceId, m.role
            FROM users u JOIN workspace_members m ON m.user_id = u.id
            WHERE u.email = @email
            ORDER BY m.workspace_id
            LIMIT 1
            """,
            new { email = email.Trim().ToLowerInvariant() });

    public Task RecordSignInAsync(UserRow user) =>
        Task.WhenAll(
            ExecuteAsync("UPDATE users SET last_sign_in_at = @now WHERE id = @id", new { id = user.Id, now = UtcNow }),
            AuditAsync(user.WorkspaceId, user.Email, "user.signed_in", null, null));

    /// <summary>Stores a key by its SHA-256 hash; the plain key is returned to the caller once and never stored.</summary>
    public async Task<ApiKeyRow> AddApiKeyAsync(long workspaceId, string name, string scope, string plainKey, string actor = "system")
    {
        var hash = HashKey(plainKey);
        var existing = await QuerySingleOrDefaultAsync<ApiKeyRow>(
            "SELECT id, workspace_id AS WorkspaceId, name, prefix, scope FROM api_keys WHERE key_hash = @hash", new { hash });
        if (existing is not null)
        {
            return existing;
        }

        var prefix = plainKey[..Math.Min(8, plainKey.Length)];
        var id = await ScalarAsync<long>(
            "INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scope, created_at) VALUES (@workspaceId, @name, @prefix, @hash, @scope, @now) RETURNING id",
            new { workspaceId, name, prefix, hash, scope, now = UtcNow });
        await AuditAsync(workspaceId, actor, "api_key.created", name, System.Text.Json.JsonSerializer.Serialize(new { scope, prefix }));
        return new ApiKeyRow(id, workspaceId, name, prefix, scope);
    }

    public Task<ApiKeyRow?> FindApiKeyAsync(string plainKey) =>
        QuerySingleOrDefaultAsync<ApiKeyRow>(
            "SELECT id, workspace_id AS WorkspaceId, name, prefix, scope FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = HashKey(plainKey) });

    public static string NewApiKey() => "cairn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string HashKey(string plainKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plainKey)));

    private const string AuditInsert =
        "INSERT INTO audit_log (workspace_id, logged_at, actor, action, target, detail) VALUES (@workspaceId, @now, @actor, @action, @target, CAST(@detailJson AS {{json}}))";

    public Task AuditAsync(long? workspaceId, string actor, string action, string? target, string? detailJson) =>
        ExecuteAsync(AuditInsert, new { workspaceId, now = UtcNow, actor, action, target, detailJson });
}
