using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cairn.Storage;
using Dapper;

namespace Cairn.Testing.Durability;

/// <summary>What a full-disk run saw.</summary>
public sealed record FullDiskResult(
    TimeSpan FirstRefusal, string Answers, long AcknowledgedAfterFull, HttpStatusCode HealthWhileFull, TimeSpan Reopened, long Stored, long Acknowledged, long Lost, long Duplicated);

/// <summary>
/// A DuckDB file on a small tmpfs, filled with large events until writes fail, and pushed for a
/// while longer: nothing more may be acknowledged, the server must keep answering, and once the
/// volume is grown the file must open with every acknowledged record, none twice.
/// </summary>
public static class FullDisk
{
    public static async Task<FullDiskResult> RunAsync(Tmpfs volume, int senders, TimeSpan pushAfterFull)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var db = Path.Combine(volume.Path, "full.duckdb");
        using var server = new ServerProcess(db, "cairn_full_disk_key");
        await server.StartAsync();
        await ResponseLoad.SetUpAsync(server);
        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<string, long>();
        var firstFailure = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, senders).Select(worker => Task.Run(async () =>
        {
            using var client = server.NewClient();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var ids = Enumerable.Range(0, 20).Select(i => $"d{worker}-{n}-{i}").ToList();
                var body = "{\"events\":[" + string.Join(',', ids.Select(id => $$$"""{"id":"{{{id}}}","customerId":"c1","name":"page_viewed","timestamp":"2026-11-01T10:00:00Z","properties":{"pad":"{{{Padding()}}}"}}""")) + "]}";
                try
                {
                    using var answer = await client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
                    statuses.AddOrUpdate(((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        ids.ForEach(acknowledged.Add);
                    }
                    else if (firstFailure == TimeSpan.Zero)
                    {
                        firstFailure = clock.Elapsed;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    statuses.AddOrUpdate("no answer", 1, (_, c) => c + 1);
                    await Task.Delay(50);
                }
            }
        })).ToList();

        while (firstFailure == TimeSpan.Zero && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
        }

        var acknowledgedAtFull = acknowledged.Count;
        await Task.Delay(pushAfterFull);
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        HttpStatusCode health;
        using (var probe = server.NewClient())
        {
            health = (await probe.GetAsync("/healthz")).StatusCode;
        }

        server.Kill();
        if (!volume.Grow(400, out var why))
        {
            throw new InvalidOperationException($"could not grow the volume after the run: {why}");
        }

        var opened = Stopwatch.StartNew();
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        using var connection = store.Dialect.OpenConnection();
        var stored = connection.Query<string>("SELECT id FROM events").ToList();
        var set = stored.ToHashSet(StringComparer.Ordinal);
        return new FullDiskResult(firstFailure, string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}")),
            acknowledged.Count - acknowledgedAtFull, health, opened.Elapsed, stored.Count, acknowledged.Count, acknowledged.Count(id => !set.Contains(id)), stored.Count - set.Count);
    }

    /// <summary>4 KB of random text per event: the database cannot compress it away, so the disk does fill.</summary>
    private static string Padding() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(3_000));
}
