using System.Security.Cryptography;
using System.Text;
using Cairn.Storage.Metrics;
using Cairn.Storage.Privacy;
using Dapper;

namespace Cairn.Storage;

/// <summary>Everything stored about one customer, table by table, each row as its columns.</summary>
public sealed record CustomerExport(string CustomerId, DateTime ExportedAt, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Tables)
{
    public long RowCount => Tables.Values.Sum(rows => (long)rows.Count);
}

/// <summary>What an erasure removed: rows per table; nothing removed means the workspace held nothing of the customer.</summary>
public sealed record ErasureReport(string CustomerId, IReadOnlyDictionary<string, long> Removed)
{
    public long Total => Removed.Values.Sum();
}

public sealed partial class CairnStore
{
    /// <summary>Every row of the customer's personal data (the right of access), read in one snapshot.</summary>
    public async Task<CustomerExport> ExportCustomerAsync(long workspaceId, string customerId)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var tables = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
        foreach (var part in CustomerData.Parts.Where(p => !p.Derived))
        {
            var rows = await connection.QueryAsync(Dialect.Sql(CustomerData.Select(part)), new { workspaceId, customerId }, transaction);
            tables[part.Table] = rows.Cast<IDictionary<string, object?>>()
                .Select(row => (IReadOnlyDictionary<string, object?>)row.ToDictionary(c => c.Key, c => Plain(c.Value), StringComparer.Ordinal))
                .ToList();
        }

        transaction.Commit();
        return new CustomerExport(customerId, UtcNow, tables);
    }

    /// <summary>
    /// Erases the customer (the right to erasure) in one transaction: profile, records, events,
    /// invitations, responses and answers, feedback with its themes, cases with their notes and
    /// messages, and pending webhook deliveries about them. Metrics, maps and priorities are
    /// computed from these tables when asked, so they drop the customer at once. The audit log
    /// keeps that an erasure happened and who did it, with the id only as a SHA-256 hash: enough to
    /// answer "was this customer erased?" without keeping who they were.
    /// </summary>
    public async Task<ErasureReport> EraseCustomerAsync(long workspaceId, string customerId, string actor)
    {
        var removed = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            // The score rollup holds counts, not the customer; their answers leave it as they leave answers.
            var answers = CustomerData.Parts.Single(p => p.Table == "answers");
            await connection.ExecuteAsync(Dialect.Sql(ScoreRollup.Taken($"a.workspace_id = @workspaceId AND {answers.Where}")), new { workspaceId, customerId }, transaction);
            foreach (var part in CustomerData.ErasureOrder.Where(p => p.OnlyOn is null || p.OnlyOn == Dialect.Engine))
            {
                var rows = await connection.ExecuteAsync(Dialect.Sql(CustomerData.Delete(part)), new { workspaceId, customerId }, transaction);
                if (!part.Derived)
                {
                    removed[part.Table] = rows;
                }
            }

            // Earlier log lines that named the customer (an export, say) keep their meaning under the pseudonym.
            var hash = ErasedIdHash(customerId);
            await connection.ExecuteAsync(Dialect.Sql("UPDATE audit_log SET target = @hash WHERE workspace_id = @workspaceId AND target = @customerId"),
                new { workspaceId, customerId, hash }, transaction);
            var detail = System.Text.Json.JsonSerializer.Serialize(removed.Where(r => r.Value > 0).ToDictionary());
            await LogAsync(connection, transaction, workspaceId, actor, "customer.erased", hash, detail);
            transaction.Commit();
        }

        ForgetCustomer(workspaceId, customerId);
        return new ErasureReport(customerId, removed);
    }

    /// <summary>Stored times are UTC; the export says so, and a database null is a JSON null.</summary>
    private static object? Plain(object? value) => value switch
    {
        DBNull => null,
        DateTime { Kind: DateTimeKind.Unspecified } time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => value,
    };

    /// <summary>How an erased customer's id is kept in the audit log.</summary>
    public static string ErasedIdHash(string customerId) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(customerId)));
}
