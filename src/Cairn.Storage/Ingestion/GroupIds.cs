namespace Cairn.Storage.Ingestion;

/// <summary>
/// What becomes of each item's idempotency id in one group, for one kind of record (events or
/// feedback). The first copy of an id in queue order, in a request that was not refused, is the one
/// to store; later copies are repeats. With a <see cref="SeenIds"/> set (single writer), a first copy
/// is also marked "maybe stored" when the set may hold it, and only those are checked against the
/// table. Without one (PostgreSQL, where several nodes write), the insert's ON CONFLICT decides.
/// </summary>
internal sealed class GroupIds
{
    private readonly bool[][] _toStore;
    private readonly bool[][] _maybeStored;
    private readonly HashSet<(int Op, int Idx)> _alreadyStored = [];

    private GroupIds(bool[][] toStore, bool[][] maybeStored, int count, bool anyMaybeStored)
    {
        _toStore = toStore;
        _maybeStored = maybeStored;
        Count = count;
        AnyMaybeStored = anyMaybeStored;
    }

    /// <summary>How many items are to be staged and stored (before the check against the table).</summary>
    public int Count { get; }

    /// <summary>Whether any staged item may already be in the table (single writer only).</summary>
    public bool AnyMaybeStored { get; }

    public static GroupIds Plan(
        IReadOnlyList<IngestWriter.PendingWrite> group,
        Func<IngestWriter.PendingWrite, IReadOnlyList<string>> ids,
        IReadOnlySet<int> refused,
        SeenIds? seen)
    {
        var toStore = new bool[group.Count][];
        var maybeStored = new bool[group.Count][];
        var firstCopies = new HashSet<(long, string)>();
        var count = 0;
        var anyMaybeStored = false;
        for (var op = 0; op < group.Count; op++)
        {
            var items = ids(group[op]);
            toStore[op] = new bool[items.Count];
            maybeStored[op] = new bool[items.Count];
            if (refused.Contains(op))
            {
                continue;
            }

            var workspaceId = group[op].WorkspaceId;
            for (var idx = 0; idx < items.Count; idx++)
            {
                if (!firstCopies.Add((workspaceId, items[idx])))
                {
                    continue;
                }

                toStore[op][idx] = true;
                count++;

                // Added before the commit, not after: if the commit fails or its outcome is unknown,
                // the id stays "maybe stored" and a retry is checked rather than trusted.
                if (seen is not null && !seen.Add(SeenIds.Key(workspaceId, items[idx])))
                {
                    maybeStored[op][idx] = true;
                    anyMaybeStored = true;
                }
            }
        }

        return new GroupIds(toStore, maybeStored, count, anyMaybeStored);
    }

    public bool ToStore(int op, int idx) => _toStore[op][idx];

    public bool MaybeStored(int op, int idx) => _maybeStored[op][idx];

    /// <summary>Whether an item is to be stored and was not found stored already.</summary>
    public bool IsNew(int op, int idx) => _toStore[op][idx] && !_alreadyStored.Contains((op, idx));

    /// <summary>Records that a staged item was found already stored (by an earlier group).</summary>
    public void MarkAlreadyStored(int op, int idx) => _alreadyStored.Add((op, idx));

    /// <summary>How many of one request's items were newly stored.</summary>
    public int Stored(int op)
    {
        var stored = 0;
        for (var idx = 0; idx < _toStore[op].Length; idx++)
        {
            if (IsNew(op, idx))
            {
                stored++;
            }
        }

        return stored;
    }
}
