using System.Data.Common;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// Marks, in the group's transaction, each customer whose events the group stores, so the journey
/// analytics index re-orders those customers' steps before its next query. One row per customer
/// per group, not per event: a customer sending a thousand events costs one mark.
/// </summary>
internal static class PathDirty
{
    private static readonly string[] Columns = ["workspace_id", "customer_id"];

    /// <summary>
    /// Wraps an <c>INSERT INTO events … RETURNING workspace_id, id</c> so the same statement marks
    /// the customers of the rows it inserted (PostgreSQL's data-modifying WITH), and still returns
    /// what the insert returned.
    /// </summary>
    public static string MarkInserted(string insertReturningIds) => $"""
        WITH inserted AS ({insertReturningIds.Replace("RETURNING workspace_id, id", "RETURNING workspace_id, id, customer_id", StringComparison.Ordinal)}),
        marked AS (INSERT INTO path_dirty (workspace_id, customer_id) SELECT DISTINCT workspace_id, customer_id FROM inserted)
        SELECT workspace_id, id FROM inserted
        """;

    /// <summary>The single writer's way (DuckDB): one appended row per customer of the group.</summary>
    public static void Mark(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group, GroupIds ids)
    {
        var customers = new HashSet<(long, string)>();
        for (var op = 0; op < group.Count; op++)
        {
            var events = group[op].Batch.Events;
            for (var idx = 0; idx < events.Count; idx++)
            {
                if (ids.ToStore(op, idx))
                {
                    customers.Add((group[op].WorkspaceId, events[idx].CustomerId));
                }
            }
        }

        if (customers.Count == 0)
        {
            return;
        }

        dialect.BulkAppend(connection, "path_dirty", Columns, rows =>
        {
            foreach (var (workspaceId, customerId) in customers)
            {
                rows.BigInt(workspaceId).Text(customerId).EndRow();
            }
        });
    }
}
