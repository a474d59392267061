using System.Diagnostics;
using Cairn.Storage;
using Cairn.Testing;
using Cairn.Testing.Durability;
using Dapper;

namespace Cairn.Bench;

/// <summary>
/// The acknowledgement promise under load and faults (issue 9): many concurrent submitters send
/// survey responses to a real <c>cairn serve</c> process on loopback while faults are injected; then
/// every acknowledged response must be stored, none twice. Three runs: DuckDB with the server
/// SIGKILLed and restarted twice; PostgreSQL with the database stopped in immediate mode (a crash)
/// and restarted; DuckDB on a small tmpfs that fills up (needs root to mount). Prints held load,
/// faults injected, lost and duplicated; never a pass/fail. The CI tests run the same scenarios
/// shorter (tests/Cairn.Cli.Tests/CrashSafetyTests.cs).
/// </summary>
internal static class DurabilityBench
{
    private const string Key = "cairn_durability_key";

    public static async Task RunAsync(TempDirectory directory, bool quick, bool diskOnly)
    {
        var seconds = quick ? 15 : 60;
        const int submitters = 200;
        Console.WriteLine($"durability: {submitters} concurrent submitters of survey responses, {seconds} s per run, loopback only");
        if (!diskOnly)
        {
            await KilledServerAsync(directory, submitters, seconds);
            await RestartedPostgresAsync(submitters, seconds);
        }

        await FullDiskAsync(directory, quick ? 20 : submitters);
    }

    private static async Task KilledServerAsync(TempDirectory directory, int submitters, int seconds)
    {
        var db = directory.File("durability.duckdb");
        using var server = new ServerProcess(db, Key);
        await server.StartAsync();
        var survey = await ResponseLoad.SetUpAsync(server);
        var faults = 0;
        var tally = await ResponseLoad.RunAsync(server, survey, submitters, TimeSpan.FromSeconds(seconds), async (clock, _) =>
        {
            for (var kill = 1; kill <= 2; kill++)
            {
                var at = TimeSpan.FromSeconds(seconds * kill / 3.0);
                if (at > clock.Elapsed)
                {
                    await Task.Delay(at - clock.Elapsed);
                }

                var killedAt = clock.Elapsed;
                server.Kill();
                faults++;
                var down = Stopwatch.StartNew();
                await server.StartAsync();
                Console.WriteLine($"  fault {faults}: SIGKILL at {killedAt.TotalSeconds:N0} s, serving again after {down.Elapsed.TotalSeconds:N1} s");
            }
        });
        server.Kill(); // the end is a crash too: nothing may depend on a clean shutdown
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        using var connection = store.Dialect.OpenConnection();
        Report("DuckDB, server SIGKILLed twice", tally, seconds, faults, connection.Query<string>("SELECT id FROM responses").ToList());
    }

    private static async Task RestartedPostgresAsync(int submitters, int seconds)
    {
        using var cluster = new PostgresCluster();
        var database = cluster.CreateDatabase();
        using var server = new ServerProcess(database, Key);
        await server.StartAsync();
        var survey = await ResponseLoad.SetUpAsync(server);
        var tally = await ResponseLoad.RunAsync(server, survey, submitters, TimeSpan.FromSeconds(seconds), async (clock, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds / 2.0));
            var at = clock.Elapsed;
            var down = Stopwatch.StartNew();
            cluster.Restart();
            Console.WriteLine($"  fault 1: PostgreSQL stopped in immediate mode at {at.TotalSeconds:N0} s, accepting again after {down.Elapsed.TotalSeconds:N1} s");
        });
        server.Kill();
        using var connection = new Npgsql.NpgsqlConnection(database);
        Report("PostgreSQL, database restarted (immediate)", tally, seconds, 1, connection.Query<string>("SELECT id FROM responses").ToList());
    }

    private static async Task FullDiskAsync(TempDirectory directory, int senders)
    {
        using var volume = Tmpfs.TryMount(directory.Path, 40, out var why);
        if (volume is null)
        {
            Console.WriteLine($"DuckDB on a full disk: NOT RUN ({why})");
            return;
        }

        var r = await FullDisk.RunAsync(volume, senders, TimeSpan.FromSeconds(10));
        Console.WriteLine($"DuckDB on a full disk (40 MB tmpfs, {senders} senders of 20 × 4 KB events): first refusal after {r.FirstRefusal.TotalSeconds:N1} s; answers {r.Answers}; "
            + $"acknowledged after the disk filled: {r.AcknowledgedAfterFull:N0} events; /healthz while full: {(int)r.HealthWhileFull}; reopened in {r.Reopened.TotalSeconds:N1} s "
            + $"with {r.Stored:N0} events; acknowledged {r.Acknowledged:N0}, LOST {r.Lost:N0}, DUPLICATED {r.Duplicated:N0}");
    }

    private static void Report(string run, LoadTally tally, int seconds, int faults, List<string> stored)
    {
        var (lost, duplicated) = tally.Check(stored);
        Console.WriteLine($"{run}: held {tally.Acknowledged.Count / (double)seconds:N0} acknowledged responses/s over {seconds} s "
            + $"({tally.Attempted:N0} sent, {tally.Acknowledged.Count:N0} acknowledged, {tally.Refused:N0} refused with an error, {tally.Unreached:N0} unanswered while down; "
            + $"answers {tally.Answers}); faults injected {faults}; stored {stored.Count:N0}; LOST {lost:N0}; DUPLICATED {duplicated:N0}");
    }
}
