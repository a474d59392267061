using Cairn.Testing;

[assembly: AssemblyFixture(typeof(Engines))]

namespace Cairn.Storage.Tests;

public static class EngineData
{
    /// <summary>Every storage test runs once per engine.</summary>
    public static TheoryData<StorageEngine> Both => new(StorageEngine.DuckDb, StorageEngine.Postgres);
}
