using System.Data.Common;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Cairn.Storage.DuckDb;

/// <summary>
/// The embedded default. DuckDB binds <c>$name</c> parameters and silently reads <c>@name</c> as
/// <c>abs(name)</c> (so <c>WHERE id = @id</c> would match every row): rewriting <c>@</c> to <c>$</c>
/// is a safety rule with its own test, not a convenience.
/// </summary>
public sealed partial class DuckDbDialect : SqlDialect
{
    private readonly string _connectionString;
    private readonly Lock _instanceLock = new();
    private DuckDBConnection? _instance;

    public DuckDbDialect(string filePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = $"Data Source={filePath}";
    }

    public override StorageEngine Engine => StorageEngine.DuckDb;

    public override bool SingleWriter => true;

    /// <summary>
    /// Connections to one file share one database instance inside the process, but only while one
    /// of them is open: when the last closes, the next open loads the database again (about 20 ms on
    /// the demo, paid by every query of a read-only server). One connection is therefore kept open
    /// for the dialect's lifetime, and let go after a fatal error so that a fresh instance recovers.
    /// </summary>
    public override DbConnection OpenConnection()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        if (_instance is null)
        {
            lock (_instanceLock)
            {
                if (_instance is null)
                {
                    var instance = new DuckDBConnection(_connectionString);
                    instance.Open();
                    _instance = instance;
                }
            }
        }

        return connection;
    }

    public override void Recover()
    {
        lock (_instanceLock)
        {
            try
            {
                _instance?.Dispose();
            }
            catch (DbException)
            {
                // an invalidated instance may fail to close; it is let go regardless
            }

            _instance = null;
        }
    }

    public override void Dispose()
    {
        Recover();
        base.Dispose();
    }

    public override string Sql(string portableSql) =>
        ParameterPrefix().Replace(portableSql, "$$$1")
            .Replace("{{ts}}", "TIMESTAMP", StringComparison.Ordinal)
            .Replace("{{json}}", "JSON", StringComparison.Ordinal)
            .Replace("{{blob}}", "BLOB", StringComparison.Ordinal)
            .Replace("{{utc}}", "", StringComparison.Ordinal);

    public override string JsonMerge(string left, string right) =>
        $"CASE WHEN {left} IS NULL THEN {right} WHEN {right} IS NULL THEN {left} ELSE json_merge_patch({left}, {right}) END";

    public override void CreateStagingTable(DbConnection connection, string name, string columnsDdl)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql($"CREATE OR REPLACE TEMP TABLE {name} ({columnsDdl})");
        command.ExecuteNonQuery();
    }

    public override string Staging(string name) => "temp.main." + name;

    /// <summary>DuckDB's TIMESTAMP has no time zone and Cairn stores UTC in it.</summary>
    public override string TruncateTime(string unit, string timestamp) => $"date_trunc('{unit}', {timestamp})";

    public override string Hash(string text, string number) => $"hash({text}, {number})";

    public override string Epoch(string timestamp) => $"epoch({timestamp})";

    public override string EpochMicros(string timestamp) => $"epoch_us({timestamp})";

    public override string Percentile(string expression, double fraction) => fraction == 0.5
        ? $"median({expression})"
        : $"quantile_cont({expression}, {fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    public override void ClearStaging(DbConnection connection, DbTransaction transaction, params string[] names)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Concat(names.Select(n => $"DELETE FROM temp.main.{n};"));
        command.ExecuteNonQuery();
    }

    public override void BulkLoad(DbConnection connection, string stagingTable, IReadOnlyList<string> columns, Action<IRowWriter> writeRows)
    {
        // The appender is disposed (flushed) here, before the caller commits: one still open at
        // commit would write its rows after the transaction, outside what was acknowledged.
        using var appender = ((DuckDBConnection)connection).CreateAppender("temp", "main", stagingTable);
        writeRows(new AppenderRowWriter(appender));
    }

    public override void BulkAppend(DbConnection connection, string table, IReadOnlyList<string> columns, Action<IRowWriter> writeRows)
    {
        using var appender = ((DuckDBConnection)connection).CreateAppender(table);
        writeRows(new AppenderRowWriter(appender));
    }

    public override bool IsFatal(Exception exception) =>
        exception.Message.Contains("invalidated", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("FATAL", StringComparison.Ordinal)
        || exception.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<![@\w])@([A-Za-z_]\w*)")]
    private static partial Regex ParameterPrefix();

    private sealed class AppenderRowWriter(DuckDBAppender appender) : IRowWriter
    {
        private IDuckDBAppenderRow? _row;

        private IDuckDBAppenderRow Row => _row ??= appender.CreateRow();

        public IRowWriter Text(string? value)
        {
            if (value is null)
            {
                Row.AppendNullValue();
            }
            else
            {
                Row.AppendValue(value);
            }

            return this;
        }

        public IRowWriter BigInt(long? value)
        {
            Row.AppendValue(value);
            return this;
        }

        public IRowWriter Whole(int value)
        {
            Row.AppendValue(value);
            return this;
        }

        public IRowWriter Real(double? value)
        {
            Row.AppendValue(value);
            return this;
        }

        public IRowWriter Flag(bool value)
        {
            Row.AppendValue(value);
            return this;
        }

        public IRowWriter Instant(DateTime? value)
        {
            Row.AppendValue(value);
            return this;
        }

        public void EndRow()
        {
            Row.EndRow();
            _row = null;
        }
    }
}
