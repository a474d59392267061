using Cairn.Core.Customers;
using Dapper;

namespace Cairn.Storage;

/// <summary>One recorded change of a customer's consent or preferences.</summary>
public sealed record ConsentChangeRow(DateTime ChangedAt, string Field, string? OldValue, string? NewValue, string Source, string Actor);

public sealed partial class CairnStore
{
    public async Task<ConsentPolicy> ConsentPolicyAsync(long workspaceId) =>
        (await QueryAsync<(bool RequireConsent, bool EmailDoubleOptIn)>(
            "SELECT require_consent, email_double_opt_in FROM consent_policies WHERE workspace_id = @workspaceId", new { workspaceId }))
        .Select(r => new ConsentPolicy(r.RequireConsent, r.EmailDoubleOptIn)).SingleOrDefault() ?? ConsentPolicy.Default;

    public async Task SetConsentPolicyAsync(long workspaceId, ConsentPolicy policy, string actor)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO consent_policies (workspace_id, require_consent, email_double_opt_in, updated_at, updated_by)
            VALUES (@workspaceId, @require, @doubleOptIn, @now, @actor)
            ON CONFLICT (workspace_id) DO UPDATE SET require_consent = excluded.require_consent, email_double_opt_in = excluded.email_double_opt_in,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """), new { workspaceId, require = policy.RequireConsent, doubleOptIn = policy.EmailDoubleOptIn, now = UtcNow, actor }, transaction);
        await LogAsync(connection, transaction, workspaceId, actor, "consent.policy_changed", null,
            System.Text.Json.JsonSerializer.Serialize(new { requireConsent = policy.RequireConsent, emailDoubleOptIn = policy.EmailDoubleOptIn }));
        transaction.Commit();
    }

    /// <summary>A customer's consent (<see cref="CustomerConsent.None"/> when they never said), or null for an unknown customer.</summary>
    public async Task<CustomerConsent?> CustomerConsentAsync(long workspaceId, string customerId)
    {
        var rows = await QueryAsync<(string? Surveys, DateTime? Confirmed, string? Channel, string? Language, DateTime? UpdatedAt, bool Known)>("""
            SELECT k.surveys, k.email_confirmed_at, k.preferred_channel, k.language, k.updated_at, TRUE
            FROM customers c LEFT JOIN customer_consent k ON k.workspace_id = c.workspace_id AND k.customer_id = c.external_id
            WHERE c.workspace_id = @workspaceId AND c.external_id = @customerId
            """, new { workspaceId, customerId });
        return rows.SingleOrDefault() is { Known: true } r
            ? new CustomerConsent(Parse(r.Surveys), AsUtc(r.Confirmed), r.Channel, r.Language, AsUtc(r.UpdatedAt))
            : null;
    }

    internal static ConsentState Parse(string? state) =>
        Enum.TryParse<ConsentState>(state, ignoreCase: true, out var s) ? s : ConsentState.Unknown;

    public Task<IReadOnlyList<ConsentChangeRow>> ConsentHistoryAsync(long workspaceId, string customerId) =>
        QueryAsync<ConsentChangeRow>("""
            SELECT changed_at AS ChangedAt, field, old_value AS OldValue, new_value AS NewValue, source, actor
            FROM consent_changes WHERE workspace_id = @workspaceId AND customer_id = @customerId ORDER BY changed_at DESC, field
            """, new { workspaceId, customerId });

    /// <summary>
    /// Applies a change (fields not sent stay as they are) and records each field that changed, in
    /// one transaction; returns the consent after it, or null for an unknown customer.
    /// </summary>
    public async Task<CustomerConsent?> SetCustomerConsentAsync(long workspaceId, string customerId, ConsentChange change, string source, string actor)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (await CustomerConsentAsync(workspaceId, customerId) is not { } before)
        {
            return null;
        }

        var now = UtcNow;
        var after = before with
        {
            Surveys = change.Surveys ?? (before.Surveys == ConsentState.Unknown ? ConsentState.Unknown : before.Surveys),
            EmailConfirmedAt = change.EmailConfirmed switch { true => before.EmailConfirmedAt ?? now, false => null, null => before.EmailConfirmedAt },
            PreferredChannel = change.PreferredChannel ?? before.PreferredChannel,
            Language = change.Language ?? before.Language,
            UpdatedAt = now,
        };
        var changes = new List<(string Field, string? Old, string? New)>();
        void Compare(string field, string? old, string? @new)
        {
            if (!string.Equals(old, @new, StringComparison.Ordinal))
            {
                changes.Add((field, old, @new));
            }
        }

        Compare("surveys", ConsentChange.Name(before.Surveys), ConsentChange.Name(after.Surveys));
        Compare("email_confirmed", before.EmailConfirmedAt is null ? "no" : "yes", after.EmailConfirmedAt is null ? "no" : "yes");
        Compare("preferred_channel", before.PreferredChannel, after.PreferredChannel);
        Compare("language", before.Language, after.Language);
        if (changes.Count == 0)
        {
            return before;
        }

        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO customer_consent (workspace_id, customer_id, surveys, email_confirmed_at, preferred_channel, language, updated_at)
            VALUES (@workspaceId, @customerId, @surveys, @confirmed, @channel, @language, @now)
            ON CONFLICT (workspace_id, customer_id) DO UPDATE SET surveys = excluded.surveys, email_confirmed_at = excluded.email_confirmed_at,
                preferred_channel = excluded.preferred_channel, language = excluded.language, updated_at = excluded.updated_at
            """), new { workspaceId, customerId, surveys = ConsentChange.Name(after.Surveys), confirmed = after.EmailConfirmedAt, channel = after.PreferredChannel, language = after.Language, now },
            transaction);
        foreach (var (field, old, @new) in changes)
        {
            await connection.ExecuteAsync(Dialect.Sql("""
                INSERT INTO consent_changes (workspace_id, customer_id, changed_at, field, old_value, new_value, source, actor)
                VALUES (@workspaceId, @customerId, @now, @field, @old, @new, @source, @actor)
                """), new { workspaceId, customerId, now, field, old, @new, source, actor }, transaction);
        }

        transaction.Commit();
        return after;
    }
}
