using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// The idempotency ids this process has stored (or tried to store), as 64-bit hashes in an
/// open-addressing table of about 12 bytes per id. On DuckDB it replaces the unique index on
/// (workspace_id, id): that index more than halved the insert rate (measured: about 170,000 rows/s
/// with it, 360,000 without, on 4 million events). DuckDB allows one writing process per file and
/// every event and feedback row goes through the one <see cref="IngestWriter"/>, so the set holds
/// every stored id. It may also hold ids that are not stored (a rolled-back write, an erased
/// customer, a hash collision): those are "maybe seen", and the writer checks them against the
/// table. An id the set does not hold is certainly new, which is the common case and costs
/// nothing to check.
/// </summary>
internal sealed class SeenIds
{
    private ulong[] _slots = new ulong[1 << 16];
    private int _count;

    public int Count => _count;

    /// <summary>The hash of one workspace's idempotency id; never 0, which marks an empty slot.</summary>
    public static ulong Key(long workspaceId, string id)
    {
        var length = 8 + Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            MemoryMarshal.Write(buffer, in workspaceId);
            var written = 8 + Encoding.UTF8.GetBytes(id, buffer[8..]);
            var hash = XxHash3.HashToUInt64(buffer[..written]);
            return hash == 0 ? 1 : hash;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Adds the key; returns false when it was (maybe) seen before.</summary>
    /// <summary>Whether the key was added (a hash: true may also mean another id with the same hash).</summary>
    public bool Contains(ulong key)
    {
        var mask = _slots.Length - 1;
        for (var i = unchecked((int)(key >> 33)) & mask; ; i = (i + 1) & mask)
        {
            if (_slots[i] == key)
            {
                return true;
            }

            if (_slots[i] == 0)
            {
                return false;
            }
        }
    }

    public bool Add(ulong key)
    {
        if ((_count + 1) * 10L > _slots.Length * 7L)
        {
            Grow();
        }

        if (!Insert(_slots, key))
        {
            return false;
        }

        _count++;
        return true;
    }

    private static bool Insert(ulong[] slots, ulong key)
    {
        var mask = slots.Length - 1;
        // Unchecked: taking the hash's high bits as an index is a deliberate truncation.
        for (var i = unchecked((int)(key >> 33)) & mask; ; i = (i + 1) & mask)
        {
            if (slots[i] == key)
            {
                return false;
            }

            if (slots[i] == 0)
            {
                slots[i] = key;
                return true;
            }
        }
    }

    private void Grow()
    {
        var bigger = new ulong[_slots.Length * 2];
        foreach (var key in _slots)
        {
            if (key != 0)
            {
                Insert(bigger, key);
            }
        }

        _slots = bigger;
    }
}
