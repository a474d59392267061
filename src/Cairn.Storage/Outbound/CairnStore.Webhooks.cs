using System.Data.Common;
using Dapper;

namespace Cairn.Storage;

/// <summary>A webhook as stored (the secret is read only to sign).</summary>
public sealed record WebhookRow(long Id, string Url, string Events, bool AllowPrivate, bool Enabled, DateTime CreatedAt, string? CreatedBy)
{
    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One delivery of one event to one webhook, with its attempts.</summary>
public sealed record DeliveryRow(long Id, long WebhookId, string Event, string Ref, string Status, int Attempts, DateTime? NextAttemptAt, DateTime? LastAttemptAt,
    int? LastStatus, string? LastError, double? LastMs, DateTime CreatedAt, DateTime? DeliveredAt);

/// <summary>A delivery claimed for sending: where, with what secret, what body.</summary>
public sealed record DueDelivery(long Id, long WorkspaceId, long WebhookId, string Event, string Payload, int Attempts, string Url, string Secret, bool AllowPrivate);

public sealed partial class CairnStore
{
    public Task<long> CreateWebhookAsync(long workspaceId, string url, string secret, IReadOnlyList<string> events, bool allowPrivate, string createdBy) =>
        ScalarAsync<long>("""
            INSERT INTO webhooks (workspace_id, url, secret, events, allow_private, enabled, created_at, created_by)
            VALUES (@workspaceId, @url, @secret, @events, @allowPrivate, TRUE, @now, @createdBy) RETURNING id
            """, new { workspaceId, url, secret, events = string.Join(',', events), allowPrivate, now = UtcNow, createdBy });

    public Task<IReadOnlyList<WebhookRow>> WebhooksAsync(long workspaceId) =>
        QueryAsync<WebhookRow>("SELECT id, url, events, allow_private AS AllowPrivate, enabled, created_at AS CreatedAt, created_by AS CreatedBy FROM webhooks WHERE workspace_id = @workspaceId ORDER BY id",
            new { workspaceId });

    /// <summary>Deletes a webhook and stops its queued deliveries (the log of past ones stays); false when it is not in the workspace.</summary>
    public async Task<bool> DeleteWebhookAsync(long workspaceId, long id)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var deleted = await connection.ExecuteAsync(Dialect.Sql("DELETE FROM webhooks WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("UPDATE webhook_deliveries SET status = 'dead', last_error = 'webhook deleted', next_attempt_at = NULL WHERE workspace_id = @workspaceId AND webhook_id = @id AND status = 'queued'"),
            new { workspaceId, id }, transaction);
        transaction.Commit();
        return deleted > 0;
    }

    public Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(long workspaceId, long webhookId, int limit = 100) =>
        QueryAsync<DeliveryRow>("""
            SELECT id, webhook_id AS WebhookId, event, ref, status, attempts, next_attempt_at AS NextAttemptAt, last_attempt_at AS LastAttemptAt, last_status AS LastStatus,
                   last_error AS LastError, last_ms AS LastMs, created_at AS CreatedAt, delivered_at AS DeliveredAt
            FROM webhook_deliveries WHERE workspace_id = @workspaceId AND webhook_id = @webhookId ORDER BY id DESC LIMIT @limit
            """, new { workspaceId, webhookId, limit });

    /// <summary>
    /// Queues an event for every enabled webhook of the workspace that subscribes to it, inside the
    /// caller's transaction (the outbox pattern: the delivery commits with the fact it reports).
    /// </summary>
    internal Task EnqueueWebhookEventAsync(DbConnection connection, DbTransaction transaction, long workspaceId, string eventName, string reference, string payload, DateTime now) =>
        EnqueueWebhookEventAsync(Dialect, connection, transaction, workspaceId, eventName, reference, payload, now);

    internal static async Task EnqueueWebhookEventAsync(SqlDialect dialect, DbConnection connection, DbTransaction transaction, long workspaceId, string eventName, string reference,
        string payload, DateTime now) =>
        await connection.ExecuteAsync(dialect.Sql("""
            INSERT INTO webhook_deliveries (workspace_id, webhook_id, event, ref, payload, status, attempts, next_attempt_at, created_at)
            SELECT w.workspace_id, w.id, @eventName, @reference, @payload, 'queued', 0, @now, @now
            FROM webhooks w WHERE w.workspace_id = @workspaceId AND w.enabled AND (',' || w.events || ',') LIKE @pattern
            """), new { workspaceId, eventName, reference, payload, now, pattern = "%," + eventName + ",%" }, transaction);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for two minutes (a lease: another node, or
    /// this one after a crash, may take them when it runs out). PostgreSQL skips rows another node holds.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueDeliveriesAsync(DateTime now, int limit)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var skipLocked = Dialect.Engine == StorageEngine.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        var ids = (await connection.QueryAsync<long>(Dialect.Sql($"""
            SELECT id FROM webhook_deliveries WHERE status = 'queued' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit {skipLocked}
            """), new { now, limit }, transaction)).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // Ids are numbers read just above, so they go into the SQL as literals: one UPDATE and one SELECT for the batch.
        var list = string.Join(", ", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await connection.ExecuteAsync(Dialect.Sql($"UPDATE webhook_deliveries SET next_attempt_at = @lease WHERE id IN ({list})"), new { lease = now.AddMinutes(2) }, transaction);
        var due = (await connection.QueryAsync<DueDelivery>(Dialect.Sql($"""
            SELECT d.id, d.workspace_id AS WorkspaceId, d.webhook_id AS WebhookId, d.event, d.payload, d.attempts, w.url, w.secret, w.allow_private AS AllowPrivate
            FROM webhook_deliveries d JOIN webhooks w ON w.workspace_id = d.workspace_id AND w.id = d.webhook_id WHERE d.id IN ({list})
            ORDER BY d.next_attempt_at, d.id
            """), transaction: transaction)).ToList();
        transaction.Commit();
        return due;
    }

    /// <summary>Records an attempt: delivered, or failed with the next attempt (null: dead, no more tries).</summary>
    public Task RecordWebhookAttemptAsync(long deliveryId, bool delivered, int? status, string? error, double milliseconds, DateTime at, DateTime? nextAttempt) =>
        ExecuteAsync("""
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = @at, last_status = @status, last_error = @error, last_ms = @milliseconds,
                status = CASE WHEN @delivered THEN 'delivered' WHEN CAST(@nextAttempt AS {{ts}}) IS NULL THEN 'dead' ELSE 'queued' END,
                delivered_at = CASE WHEN @delivered THEN @at ELSE NULL END,
                next_attempt_at = CASE WHEN @delivered THEN NULL ELSE CAST(@nextAttempt AS {{ts}}) END
            WHERE id = @deliveryId
            """, new { deliveryId, delivered, status, error, milliseconds, at, nextAttempt });
}
