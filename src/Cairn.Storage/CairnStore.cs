using System.Data.Common;
using Cairn.Storage.DuckDb;
using Cairn.Storage.Ingestion;
using Cairn.Storage.Surveys;
using Cairn.Storage.Migrations;
using Cairn.Storage.Postgres;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// The one store. Feature queries live in partial files beside their feature folder
/// (Ingestion/, Workspaces/, Access/, Stats/, Journeys/) and are written once in portable SQL;
/// what differs between DuckDB and PostgreSQL lives in <see cref="SqlDialect"/>.
/// </summary>
public sealed partial class CairnStore : IAsyncDisposable
{
    private readonly Lock _writerGate = new();
    private IngestWriter? _writer;
    private ResponseWriter? _responseWriter;

    private CairnStore(StorageLocation location, SqlDialect dialect, TimeProvider time)
    {
        Location = location;
        Dialect = dialect;
        Time = time;
    }

    public StorageLocation Location { get; }

    public SqlDialect Dialect { get; }

    public TimeProvider Time { get; }

    /// <summary>Opens the store and applies any missing migrations.</summary>
    public static CairnStore Open(StorageLocation location, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        SqlDialect dialect = location.Engine == StorageEngine.DuckDb
            ? new DuckDbDialect(location.Value)
            : new PostgresDialect(location.Value);
        var store = new CairnStore(location, dialect, time);
        try
        {
            Migrator.Apply(dialect, time);
        }
        catch
        {
            dialect.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>The group-committing writer (started on first use).</summary>
    internal IngestWriter Writer
    {
        get
        {
            lock (_writerGate)
            {
                return _writer ??= new IngestWriter(this);
            }
        }
    }

    internal ResponseWriter ResponseWriter
    {
        get
        {
            lock (_writerGate)
            {
                return _responseWriter ??= new ResponseWriter(this);
            }
        }
    }

    /// <summary>
    /// How many response groups this process saved one by one after the group failed as a whole.
    /// Rare by design: a steady rise means the group commit misses stored ids or meets conflicts.
    /// </summary>
    public long ResponseGroupFallbacks
    {
        get
        {
            lock (_writerGate)
            {
                return _responseWriter?.Fallbacks ?? 0;
            }
        }
    }

    /// <summary>Tells the ingest writer (when there is one) that a customer no longer exists, so its next write looks the customer up again.</summary>
    private void ForgetCustomer(long workspaceId, string customerId)
    {
        lock (_writerGate)
        {
            _writer?.Forget(workspaceId, customerId);
        }
    }

    internal DbConnection Connect() => Dialect.OpenConnection();

    internal async Task<IReadOnlyList<T>> QueryAsync<T>(string portableSql, object? parameters = null)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<T>(Dialect.Sql(portableSql), parameters);
        return rows.AsList();
    }

    internal async Task<T?> QuerySingleOrDefaultAsync<T>(string portableSql, object? parameters = null)
    {
        using var connection = Connect();
        return await connection.QuerySingleOrDefaultAsync<T>(Dialect.Sql(portableSql), parameters);
    }

    internal async Task<T> ScalarAsync<T>(string portableSql, object? parameters = null)
    {
        using var connection = Connect();
        return (await connection.ExecuteScalarAsync<T>(Dialect.Sql(portableSql), parameters))!;
    }

    internal async Task<int> ExecuteAsync(string portableSql, object? parameters = null)
    {
        using var connection = Connect();
        return await connection.ExecuteAsync(Dialect.Sql(portableSql), parameters);
    }

    internal DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    public async ValueTask DisposeAsync()
    {
        IngestWriter? writer;
        ResponseWriter? responses;
        lock (_writerGate)
        {
            writer = _writer;
            _writer = null;
            responses = _responseWriter;
            _responseWriter = null;
        }

        // Responses first: their comments still go through the ingest writer.
        if (responses is not null)
        {
            await responses.DisposeAsync();
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        Dialect.Dispose();
    }
}
