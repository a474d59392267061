using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cairn.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free
/// loopback port, removed on dispose. It never skips: a missing server fails the tests, because
/// CI installs it (test.sh). As root, the server runs as the unprivileged <c>postgres</c> user,
/// which PostgreSQL insists on.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _directory;
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private int _databases;

    public PostgresCluster()
    {
        _binDirectory = FindBinDirectory();
        _asPostgresUser = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), "cairn-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        if (_asPostgresUser)
        {
            Run("chown", $"postgres {_directory}", asPostgres: false);
        }

        Port = FreePort();
        var data = Path.Combine(_directory, "data");
        Run(Path.Combine(_binDirectory, "initdb"), $"-D {data} -U postgres -A trust -E UTF8 --no-sync", asPostgres: _asPostgresUser);
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=128MB";
        Run(Path.Combine(_binDirectory, "pg_ctl"), $"-D {data} -l {Path.Combine(_directory, "log")} -w -t 60 -o \"{options}\" start", asPostgres: _asPostgresUser);
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=200";

    /// <summary>A new empty database, so each test owns its data.</summary>
    public string CreateDatabase()
    {
        var name = $"cairn_test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (immediate mode: no checkpoint, like a crash) and starts it again.</summary>
    public void Restart()
    {
        var data = Path.Combine(_directory, "data");
        Run(Path.Combine(_binDirectory, "pg_ctl"), $"-D {data} -m immediate -w stop", asPostgres: _asPostgresUser);
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300";
        Run(Path.Combine(_binDirectory, "pg_ctl"), $"-D {data} -l {Path.Combine(_directory, "log")} -w -t 60 -o \"{options}\" start", asPostgres: _asPostgresUser);
    }

    public void Dispose()
    {
        try
        {
            Run(Path.Combine(_binDirectory, "pg_ctl"), $"-D {Path.Combine(_directory, "data")} -m immediate -w stop", asPostgres: _asPostgresUser);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql: run ./test.sh, which installs them");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asPostgres)
    {
        var info = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {arguments} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }
}
