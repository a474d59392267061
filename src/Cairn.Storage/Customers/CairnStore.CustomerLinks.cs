using Cairn.Core.Customers;
using Dapper;

namespace Cairn.Storage;

/// <summary>A personal link's row: whose it is, what it does, until when, and whether it was used.</summary>
public sealed record CustomerLink(string Id, long WorkspaceId, string CustomerId, string Purpose, DateTime ExpiresAt, DateTime? UsedAt);

/// <summary>What asking a customer to confirm their email address came to.</summary>
public enum ConfirmationOutcome
{
    Queued,
    Unsent,
    AlreadyConfirmed,
    NoEmail,
    NotFound,
}

public sealed partial class CairnStore
{
    /// <summary>How long an email-confirmation link works: long enough for a holiday, short enough that an old mail cannot confirm a changed address.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(14);

    /// <summary>
    /// The link a token names, once its signature checks out against the link's workspace secret;
    /// null for a malformed, forged or unknown token (the caller says "not valid" for all three).
    /// </summary>
    public async Task<CustomerLink?> CustomerLinkAsync(string? token)
    {
        if (!CustomerLinkToken.TryRead(token, out var purpose, out var linkId))
        {
            return null;
        }

        var link = (await QueryAsync<CustomerLink>("""
            SELECT id, workspace_id AS WorkspaceId, customer_id AS CustomerId, purpose, expires_at AS ExpiresAt, used_at AS UsedAt
            FROM customer_links WHERE id = @linkId
            """, new { linkId })).SingleOrDefault();
        return link is not null && link.Purpose == purpose && CustomerLinkToken.IsSigned(await LinkSecretAsync(link.WorkspaceId), token!)
            ? link with { ExpiresAt = DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc) }
            : null;
    }

    public Task MarkCustomerLinkUsedAsync(string linkId) =>
        ExecuteAsync("UPDATE customer_links SET used_at = COALESCE(used_at, @now) WHERE id = @linkId", new { linkId, now = UtcNow });

    /// <summary>
    /// Queues an email asking the customer to confirm their address (double opt-in), with a fresh
    /// link valid for <see cref="ConfirmationLifetime"/>; the link row and the message commit
    /// together. <paramref name="body"/> receives the link's token and returns the message text.
    /// With <paramref name="canSend"/> false the message is kept as "unsent" with the reason.
    /// </summary>
    public async Task<ConfirmationOutcome> QueueEmailConfirmationAsync(long workspaceId, string customerId, string subject, Func<string, string> body, bool canSend)
    {
        ArgumentNullException.ThrowIfNull(body);
        var customer = (await QueryAsync<(string? Email, DateTime? Confirmed)>("""
            SELECT c.email, k.email_confirmed_at
            FROM customers c LEFT JOIN customer_consent k ON k.workspace_id = c.workspace_id AND k.customer_id = c.external_id
            WHERE c.workspace_id = @workspaceId AND c.external_id = @customerId
            """, new { workspaceId, customerId })).ToList();
        if (customer.Count == 0)
        {
            return ConfirmationOutcome.NotFound;
        }

        var (email, confirmed) = customer[0];
        if (confirmed is not null)
        {
            return ConfirmationOutcome.AlreadyConfirmed;
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return ConfirmationOutcome.NoEmail;
        }

        var linkId = CustomerLinkToken.NewLinkId();
        var token = CustomerLinkToken.Create(await LinkSecretAsync(workspaceId), CustomerLinkToken.Confirm, linkId);
        var now = UtcNow;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO customer_links (id, workspace_id, customer_id, purpose, created_at, expires_at) VALUES (@linkId, @workspaceId, @customerId, @purpose, @now, @expires)
            """), new { linkId, workspaceId, customerId, purpose = CustomerLinkToken.Confirm, now, expires = now + ConfirmationLifetime }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO outbox (workspace_id, kind, customer_id, recipient, subject, body, status, attempts, error, created_at)
            VALUES (@workspaceId, 'confirmation', @customerId, @email, @subject, @body, @status, 0, @error, @now)
            """), new
        {
            workspaceId, customerId, email, subject, body = body(token), now,
            status = canSend ? "queued" : "unsent", error = canSend ? null : "SMTP is not configured (CAIRN_SMTP_HOST)",
        }, transaction);
        transaction.Commit();
        return canSend ? ConfirmationOutcome.Queued : ConfirmationOutcome.Unsent;
    }
}
