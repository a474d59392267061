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
