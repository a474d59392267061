using System.Data.Common;

namespace Cairn.Storage.Ingestion;

/// <summary>For the writer threads, which keep one connection open between groups.</summary>
internal static class Connections
{
    /// <summary>
    /// Closes a connection after a failure so the next group opens a fresh one: a DuckDB fatal
    /// error (disk full) invalidates the instance, and a fresh connection is what recovers it.
    /// Closing an invalidated connection may itself fail; it is being thrown away anyway.
    /// </summary>
    public static void Discard(ref DbConnection? connection)
    {
        try
        {
            connection?.Dispose();
        }
        catch (DbException)
        {
            // discarded regardless
        }

        connection = null;
    }
}
