using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Cairn.Storage;
using Cairn.Testing;
using Dapper;

namespace Cairn.Bench;

/// <summary>
/// The acknowledgement promise under load and faults (issue 9): many concurrent submitters send
/// survey responses to a real <c>cairn serve</c> process on loopback while faults are injected; then
/// every acknowledged response must be stored, none twice. Three runs: DuckDB with the server
/// SIGKILLed and restarted twice; PostgreSQL with the database restarted in immediate mode (a
/// crash); DuckDB on a small tmpfs that fills up (needs root to mount). Prints held load, faults
/// injected, lost and duplicated; never a pass/fail.
/// </summary>
internal static class DurabilityBench
{
    private const string Key = "cairn_durability_key";

    private sealed class Tally
    {
        public readonly ConcurrentBag<string> Acknowledged = [];
        public long Attempted;
        public long Refused;   // an answer other than 200: not acknowledged
        public long Unreached; // no answer (server down): not acknowledged
        public readonly ConcurrentDictionary<string, long> Statuses = new();
    }

    public static async Task RunAsync(TempDirectory directory, bool quick, bool diskOnly)
    {
        var seconds = quick ? 15 : 60;
        var submitters = 200;
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
        var survey = await SetUpAsync(server);
        var faults = 0;
        var tally = await LoadAsync(server, survey, submitters, TimeSpan.FromSeconds(seconds), async elapsed =>
        {
            for (var kill = 1; kill <= 2; kill++)
            {
                var at = TimeSpan.FromSeconds(seconds * kill / 3.0);
                if (at > elapsed.Elapsed)
                {
                    await Task.Delay(at - elapsed.Elapsed);
                }

                var killedAt = elapsed.Elapsed;
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
        var survey = await SetUpAsync(server);
        var tally = await LoadAsync(server, survey, submitters, TimeSpan.FromSeconds(seconds), async elapsed =>
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds / 2.0));
            var at = elapsed.Elapsed;
            var down = Stopwatch.StartNew();
            cluster.Restart();
            Console.WriteLine($"  fault 1: PostgreSQL stopped in immediate mode at {at.TotalSeconds:N0} s, accepting again after {down.Elapsed.TotalSeconds:N1} s");
        });
        server.Kill();
        using var connection = new Npgsql.NpgsqlConnection(database);
        Report("PostgreSQL, database restarted (immediate)", tally, seconds, 1, connection.Query<string>("SELECT id FROM responses").ToList());
    }

    /// <summary>
    /// The DuckDB file on a 40 MB tmpfs, filled by large events until writes fail: every failure
    /// must be an error answer (never a 200), the server must keep answering, and after the volume
    /// is grown the file must open with every acknowledged record.
    /// </summary>
    private static async Task FullDiskAsync(TempDirectory directory, int submitters)
    {
        var mountPoint = directory.File("small-volume");
        Directory.CreateDirectory(mountPoint);
        if (!Mount(mountPoint, "size=40m", out var why))
        {
            Console.WriteLine($"DuckDB on a full disk: NOT RUN ({why})");
            return;
        }

        try
        {
            var db = Path.Combine(mountPoint, "full.duckdb");
            using var server = new ServerProcess(db, Key);
            await server.StartAsync();
            await SetUpAsync(server);
            var acknowledged = new ConcurrentBag<string>();
            var statuses = new ConcurrentDictionary<string, long>();
            var firstFailure = TimeSpan.Zero;
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, submitters).Select(worker => Task.Run(async () =>
            {
                using var client = server.NewClient();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var ids = Enumerable.Range(0, 20).Select(i => $"d{worker}-{n}-{i}").ToList();
                    var body = "{\"events\":[" + string.Join(',', ids.Select(id => $$$"""{"id":"{{{id}}}","customerId":"c1","name":"page_viewed","timestamp":"2026-11-01T10:00:00Z","properties":{"pad":"{{{Padding()}}}"}}""")) + "]}";
                    try
                    {
                        using var answer = await client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
                        statuses.AddOrUpdate(((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                        if (answer.StatusCode == HttpStatusCode.OK)
                        {
                            foreach (var id in ids)
                            {
                                acknowledged.Add(id);
                            }
                        }
                        else if (firstFailure == TimeSpan.Zero)
                        {
                            firstFailure = clock.Elapsed;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        statuses.AddOrUpdate("no answer", 1, (_, c) => c + 1);
                        await Task.Delay(50);
                    }
                    catch (TaskCanceledException)
                    {
                        statuses.AddOrUpdate("no answer in 30 s", 1, (_, c) => c + 1);
                    }
                }
            })).ToList();

            // Fill until writes fail, then keep pushing for 10 s to see that nothing more is acknowledged.
            while (firstFailure == TimeSpan.Zero && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(200);
            }

            var acknowledgedAtFull = acknowledged.Count;
            await Task.Delay(TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            using var probe = server.NewClient();
            var health = (await probe.GetAsync("/healthz")).StatusCode;
            server.Kill();

            if (!Mount(mountPoint, "remount,size=400m", out why))
            {
                Console.WriteLine($"DuckDB on a full disk: could not grow the volume afterwards ({why})");
                return;
            }

            var opened = Stopwatch.StartNew();
            await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
            using var connection = store.Dialect.OpenConnection();
            var stored = connection.Query<string>("SELECT id FROM events").ToList();
            var storedSet = stored.ToHashSet(StringComparer.Ordinal);
            Console.WriteLine($"DuckDB on a full disk (40 MB tmpfs, {submitters} senders of 20 × 4 KB events): first refusal after {firstFailure.TotalSeconds:N1} s; "
                + $"answers {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"))}; "
                + $"acknowledged after the disk filled: {acknowledged.Count - acknowledgedAtFull:N0} events; /healthz while full: {(int)health}; "
                + $"reopened in {opened.Elapsed.TotalSeconds:N1} s with {stored.Count:N0} events; acknowledged {acknowledged.Count:N0}, "
                + $"lost {acknowledged.Count(id => !storedSet.Contains(id)):N0}, duplicated {stored.Count - storedSet.Count:N0}");
        }
        finally
        {
            Mount(mountPoint, null, out _);
        }
    }

    /// <summary>4 KB of random text per event: the database cannot compress it away, so the disk does fill.</summary>
    private static string Padding() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3_000));

    /// <summary>A survey to answer and a customer to name; the survey id.</summary>
    private static async Task<long> SetUpAsync(ServerProcess server)
    {
        using var client = server.NewClient();
        (await client.PostAsync("/api/v1/identify", new StringContent("""{"customers":[{"id":"c1"}]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var created = await client.PostAsync("/api/v1/surveys", new StringContent("""{"template":"relationship-nps"}""", Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<Tally> LoadAsync(ServerProcess server, long survey, int submitters, TimeSpan duration, Func<Stopwatch, Task> faults)
    {
        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, submitters).Select(worker => Task.Run(async () =>
        {
            using var client = server.NewClient();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"w{worker}-{n}";
                Interlocked.Increment(ref tally.Attempted);
                try
                {
                    using var answer = await client.PostAsync($"/api/v1/surveys/{survey}/responses",
                        new StringContent($$$"""{"id":"{{{id}}}","complete":true,"channel":"web","answers":{"nps":{{{n % 11}}}}}""", Encoding.UTF8, "application/json"));
                    tally.Statuses.AddOrUpdate(((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        tally.Acknowledged.Add(id);
                    }
                    else
                    {
                        Interlocked.Increment(ref tally.Refused);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref tally.Unreached);
                    await Task.Delay(50);
                }
            }
        })).ToList();
        await faults(clock);
        var left = duration - clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        await stop.CancelAsync();
        await Task.WhenAll(senders);
        return tally;
    }

    private static void Report(string run, Tally tally, int seconds, int faults, List<string> stored)
    {
        var storedSet = stored.ToHashSet(StringComparer.Ordinal);
        var lost = tally.Acknowledged.Count(id => !storedSet.Contains(id));
        Console.WriteLine($"{run}: held {tally.Acknowledged.Count / (double)seconds:N0} acknowledged responses/s over {seconds} s "
            + $"({tally.Attempted:N0} sent, {tally.Acknowledged.Count:N0} acknowledged, {tally.Refused:N0} refused with an error, {tally.Unreached:N0} unanswered while down; "
            + $"answers {string.Join(", ", tally.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"))}); "
            + $"faults injected {faults}; stored {stored.Count:N0}; LOST {lost:N0}; DUPLICATED {stored.Count - storedSet.Count:N0}");
    }

    /// <summary>Mounts (options given) or unmounts (null) a tmpfs; false with the reason when the system says no.</summary>
    private static bool Mount(string path, string? options, out string why)
    {
        var info = options is null ? new ProcessStartInfo("umount", ["-l", path]) : new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            why = error.Trim();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = e.Message;
            return false;
        }
    }
}
