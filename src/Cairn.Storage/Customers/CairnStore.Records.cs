using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Dapper;

namespace Cairn.Storage;

/// <summary>A CRM/ERP fact as stored.</summary>
public sealed record CustomerRecordRow(string Id, string CustomerId, string Kind, DateTime OccurredAt, double? Amount, string? Currency, string? Properties);

public sealed partial class CairnStore
{
    private static readonly string[] RecordColumns = ["idx", "id", "customer_id", "kind", "occurred_at", "amount", "currency", "properties"];

    /// <summary>One writer of records at a time: a CRM sync is a bulk job, and DuckDB would refuse the second of two transactions writing one key.</summary>
    private readonly SemaphoreSlim _recordGate = new(1, 1);

    /// <summary>
    /// Stores CRM/ERP records in one transaction, completing after its commit. All or nothing: when
    /// any record names a customer the workspace does not have, nothing is stored and each such
    /// record is named (identify customers first, so a typo in an id does not invent a customer).
    /// A record whose id is already stored, or repeated in the batch, counts as a duplicate.
    /// </summary>
    public async Task<IngestOutcome> AddRecordsAsync(long workspaceId, IReadOnlyList<CustomerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return new IngestOutcome(0, 0, []);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = Enumerable.Range(0, records.Count).Where(i => seen.Add(records[i].Id)).ToList();
        await _recordGate.WaitAsync();
        try
        {
            using var connection = Connect();
            Dialect.CreateStagingTable(connection, "stage_records",
                "idx INTEGER, id TEXT, customer_id TEXT, kind TEXT, occurred_at {{ts}}, amount DOUBLE PRECISION, currency TEXT, properties TEXT");
            using var transaction = connection.BeginTransaction();
            Dialect.ClearStaging(connection, transaction, "stage_records");
            Dialect.BulkLoad(connection, "stage_records", RecordColumns, rows =>
            {
                foreach (var i in first)
                {
                    var r = records[i];
                    rows.Whole(i).Text(r.Id).Text(r.CustomerId).Text(r.Kind.Name()).Instant(r.OccurredAt).Real(r.Amount).Text(r.Currency).Text(r.PropertiesJson).EndRow();
                }
            });
            var staged = Dialect.Staging("stage_records");
            var unknown = (await connection.QueryAsync<(int Index, string CustomerId)>(Dialect.Sql($"""
                SELECT s.idx, s.customer_id FROM {staged} s
                WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = @workspaceId AND c.external_id = s.customer_id)
                ORDER BY s.idx LIMIT 100
                """), new { workspaceId }, transaction)).ToList();
            if (unknown.Count > 0)
            {
                transaction.Rollback();
                return IngestOutcome.Refused([.. unknown.Select(u => new ItemError(u.Index, "customerId", $"unknown customer '{u.CustomerId}': identify it first"))]);
            }

            var inserted = await connection.ExecuteAsync(Dialect.Sql($"""
                INSERT INTO customer_records (workspace_id, id, customer_id, kind, occurred_at, amount, currency, properties, received_at)
                SELECT @workspaceId, s.id, s.customer_id, s.kind, s.occurred_at, s.amount, s.currency, CAST(s.properties AS {"{{json}}"}), @now
                FROM {staged} s
                ON CONFLICT DO NOTHING
                """), new { workspaceId, now = UtcNow }, transaction);
            transaction.Commit();
            return new IngestOutcome(inserted, records.Count - inserted, []);
        }
        finally
        {
            _recordGate.Release();
        }
    }

    /// <summary>A customer's records, newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<CustomerRecordRow>> CustomerRecordsAsync(long workspaceId, string customerId, int limit) =>
        QueryAsync<CustomerRecordRow>("""
            SELECT id, customer_id AS CustomerId, kind, occurred_at AS OccurredAt, amount, currency, CAST(properties AS TEXT) AS Properties
            FROM customer_records WHERE workspace_id = @workspaceId AND customer_id = @customerId
            ORDER BY occurred_at DESC, id LIMIT @limit
            """, new { workspaceId, customerId, limit });
}
