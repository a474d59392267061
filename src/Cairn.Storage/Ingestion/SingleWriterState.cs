using System.Data.Common;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// What the single writer (DuckDB, one writing process per file) can keep in memory because nothing
/// else writes: the ids it has stored (<see cref="SeenIds"/>) and the customers known to exist.
/// Loaded once when the writer first connects and kept across reconnects.
/// </summary>
internal sealed class SingleWriterState
{
    private SingleWriterState(SeenIds events, SeenIds feedback, HashSet<(long, string)> knownCustomers)
    {
        Events = events;
        Feedback = feedback;
        KnownCustomers = knownCustomers;
    }

    public SeenIds Events { get; }

    public SeenIds Feedback { get; }

    /// <summary>
    /// Customers certainly stored: a customer is added only after the commit that stored it
    /// succeeded, so "known" is never wrong and its check in the table can be skipped. Anyone not
    /// here is looked up. Whatever deletes customers (privacy erasure) must remove them here too.
    /// </summary>
    public HashSet<(long, string)> KnownCustomers { get; }

    public static SingleWriterState Load(DbConnection connection) =>
        new(LoadIds(connection, "events"), LoadIds(connection, "feedback"), LoadCustomers(connection));

    private static SeenIds LoadIds(DbConnection connection, string table)
    {
        var seen = new SeenIds();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT workspace_id, id FROM {table}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            seen.Add(SeenIds.Key(reader.GetInt64(0), reader.GetString(1)));
        }

        return seen;
    }

    private static HashSet<(long, string)> LoadCustomers(DbConnection connection)
    {
        var known = new HashSet<(long, string)>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT workspace_id, external_id FROM customers";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            known.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return known;
    }
}
