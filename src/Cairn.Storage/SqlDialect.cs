using System.Data.Common;

namespace Cairn.Storage;

/// <summary>
/// Everything that differs between DuckDB and PostgreSQL, in one place; feature SQL is written
/// once against it. Types in migrations are written as tokens ({{ts}}, {{json}}, {{blob}}) that each dialect
/// fills in, and parameters are written <c>@name</c>.
/// </summary>
public abstract class SqlDialect : IDisposable
{
    public abstract StorageEngine Engine { get; }

    public abstract DbConnection OpenConnection();

    /// <summary>
    /// Whether only this process can write to the database (DuckDB: one writing process per file).
    /// The ingestion writer then keeps stored ids in memory instead of relying on a unique index.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Turns portable SQL (with <c>@name</c> parameters and type tokens) into this engine's SQL.
    /// <c>{{utc}}</c> closes a <c>date_trunc</c> so it cuts in UTC: PostgreSQL's timestamptz would
    /// otherwise cut in the session's time zone; DuckDB's TIMESTAMP is UTC already.
    /// </summary>
    public abstract string Sql(string portableSql);

    /// <summary>SQL that merges two JSON objects, right side winning, either may be NULL.</summary>
    public abstract string JsonMerge(string left, string right);

    /// <summary>Creates a session-local staging table (DDL in portable SQL, with no name prefix).</summary>
    public abstract void CreateStagingTable(DbConnection connection, string name, string columnsDdl);

    /// <summary>Bulk-loads rows into a staging table made by <see cref="CreateStagingTable"/>.</summary>
    public abstract void BulkLoad(DbConnection connection, string stagingTable, IReadOnlyList<string> columns, Action<IRowWriter> writeRows);

    /// <summary>
    /// Bulk-loads rows straight into a schema table, inside the connection's open transaction, with
    /// no conflict handling. <paramref name="columns"/> must list every column of the table in its
    /// declared order (DuckDB's appender writes whole rows).
    /// </summary>
    public abstract void BulkAppend(DbConnection connection, string table, IReadOnlyList<string> columns, Action<IRowWriter> writeRows);

    /// <summary>SQL for the start of the UTC day, week (Monday), month or quarter holding a timestamp.</summary>
    public abstract string TruncateTime(string unit, string timestamp);

    /// <summary>Seconds since 1970-01-01 UTC of a timestamp, as a double: durations become plain subtraction.</summary>
    public abstract string Epoch(string timestamp);

    /// <summary>Microseconds since 1970 as BIGINT: exact, and quicker to take medians of than seconds as a double.</summary>
    public abstract string EpochMicros(string timestamp);

    /// <summary>The continuous percentile <paramref name="fraction"/> (0..1) of a numeric expression, as an aggregate.</summary>
    public abstract string Percentile(string expression, double fraction);

    /// <summary>A 64-bit hash of a text and a number together (keys path variants; summed, so it must be an integer).</summary>
    public abstract string Hash(string text, string number);

    /// <summary>Empties staging tables before a transaction loads them.</summary>
    public abstract void ClearStaging(DbConnection connection, DbTransaction transaction, params string[] names);

    /// <summary>The fully qualified name of a staging table in SQL.</summary>
    public abstract string Staging(string name);

    /// <summary>Whether an exception means the database itself must be reopened (DuckDB's fatal errors).</summary>
    public virtual bool IsFatal(Exception exception) => false;

    /// <summary>After a fatal error: let go of what keeps the database open, so the next connection reopens it.</summary>
    public virtual void Recover()
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
