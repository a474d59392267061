using Cairn.Storage;

namespace Cairn.Testing;

/// <summary>
/// Opens a fresh store on either engine, so a storage test runs once per engine
/// (a theory over both engines).
/// </summary>
public sealed class Engines : IDisposable
{
    private readonly Lazy<PostgresCluster> _postgres = new(() => new PostgresCluster(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly TempDirectory _files = new();

    public PostgresCluster Postgres => _postgres.Value;

    public StorageLocation NewLocation(StorageEngine engine) => engine == StorageEngine.DuckDb
        ? new StorageLocation(StorageEngine.DuckDb, _files.File(Guid.NewGuid().ToString("N")[..10] + ".duckdb"))
        : new StorageLocation(StorageEngine.Postgres, Postgres.CreateDatabase());

    public CairnStore Open(StorageEngine engine, TimeProvider? time = null) => CairnStore.Open(NewLocation(engine), time);

    public void Dispose()
    {
        if (_postgres.IsValueCreated)
        {
            _postgres.Value.Dispose();
        }

        _files.Dispose();
    }
}
