using Cairn.Storage.Ingestion;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    private readonly Lock _responseIdsLock = new();
    private SeenIds? _responseIds;

    /// <summary>
    /// Whether a response may be stored (DuckDB: the one writing process remembers every response
    /// id, as 64-bit hashes, loaded at first use and added before each save commits). A response the
    /// memory has never seen is certainly not stored, and the hosted page skips reading it: that read
    /// was most of the cost of a first page on DuckDB (1,150 → see docs/operations.md). PostgreSQL
    /// nodes cannot know each other's writes and always read.
    /// </summary>
    private bool MaybeStoredResponse(long workspaceId, string responseId)
    {
        if (!Dialect.SingleWriter)
        {
            return true;
        }

        lock (_responseIdsLock)
        {
            return ResponseIds().Contains(SeenIds.Key(workspaceId, responseId));
        }
    }

    /// <summary>Remembers responses about to be saved (before the commit: a "may be stored" that is not only costs a read).</summary>
    internal void RememberResponses(IEnumerable<(long WorkspaceId, string Id)> responses)
    {
        if (!Dialect.SingleWriter)
        {
            return;
        }

        lock (_responseIdsLock)
        {
            var ids = ResponseIds();
            foreach (var (workspaceId, id) in responses)
            {
                ids.Add(SeenIds.Key(workspaceId, id));
            }
        }
    }

    private SeenIds ResponseIds()
    {
        if (_responseIds is null)
        {
            var ids = new SeenIds();
            using var connection = Connect();
            foreach (var (workspaceId, id) in connection.Query<(long, string)>("SELECT workspace_id, id FROM responses", buffered: false))
            {
                ids.Add(SeenIds.Key(workspaceId, id));
            }

            _responseIds = ids;
        }

        return _responseIds;
    }
}
