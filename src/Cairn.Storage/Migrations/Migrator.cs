using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Cairn.Storage.Migrations;

/// <summary>
/// Applies the numbered SQL files in this folder, in order, once each, at start-up.
/// <c>NNN_name.sql</c> runs on both engines; <c>NNN_name.duckdb.sql</c> or <c>NNN_name.postgres.sql</c>
/// on one only. Each migration runs in its own transaction with its row in <c>schema_migrations</c>,
/// so a failed migration leaves nothing half-applied. On PostgreSQL an advisory lock keeps two nodes
/// starting together from migrating twice.
/// </summary>
public static class Migrator
{
    private const long AdvisoryLockKey = 0x43_61_69_72_6E; // "Cairn"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> For(StorageEngine engine)
    {
        var assembly = typeof(Migrator).Assembly;
        var engineSuffix = engine == StorageEngine.DuckDb ? ".duckdb.sql" : ".postgres.sql";
        var otherSuffix = engine == StorageEngine.DuckDb ? ".postgres.sql" : ".duckdb.sql";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal) && !n.EndsWith(otherSuffix, StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
                var version = int.Parse(file[..3], CultureInfo.InvariantCulture);
                var name = file[4..].Replace(engineSuffix, "", StringComparison.Ordinal).Replace(".sql", "", StringComparison.Ordinal);
                return new Migration(version, name, Read(assembly, n));
            })
            .OrderBy(m => m.Version)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Applies what is missing; returns the migrations it applied (empty when up to date).</summary>
    public static IReadOnlyList<Migration> Apply(SqlDialect dialect, TimeProvider time)
    {
        using var connection = dialect.OpenConnection();
        connection.Execute(dialect.Sql("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at {{ts}} NOT NULL, PRIMARY KEY (version, name))"));
        var applied = new List<Migration>();
        foreach (var migration in For(dialect.Engine))
        {
            using var transaction = connection.BeginTransaction();
            if (dialect.Engine == StorageEngine.Postgres)
            {
                connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, transaction);
            }

            var done = connection.ExecuteScalar<long>(
                dialect.Sql("SELECT count(*) FROM schema_migrations WHERE version = @version AND name = @name"),
                new { version = migration.Version, name = migration.Name },
                transaction);
            if (done > 0)
            {
                transaction.Rollback();
                continue;
            }

            Execute(connection, transaction, dialect.Sql(migration.Sql));
            connection.Execute(
                dialect.Sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)"),
                new { version = migration.Version, name = migration.Name, at = time.GetUtcNow().UtcDateTime },
                transaction);
            transaction.Commit();
            applied.Add(migration);
        }

        if (applied.Count > 0 && dialect.Engine == StorageEngine.DuckDb)
        {
            // Write the new schema into the file rather than leave it in the write-ahead log: the
            // database stays open for the process's life (DuckDbDialect), and DuckDB 1.5 fails to
            // replay an ALTER TABLE … ADD COLUMN with a default from the log after a crash.
            connection.Execute("CHECKPOINT");
        }

        return applied;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string script)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = script;
        command.ExecuteNonQuery();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"missing migration resource {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
