using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Cairn.Storage;
using Cairn.Testing;
using Dapper;

namespace Cairn.Cli.Tests;

/// <summary>
/// The acknowledgement promise under a crash: clients send while the server is SIGKILLed twice and
/// restarted; afterwards every acknowledged event is stored exactly once and the DuckDB file opens cleanly.
/// </summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task ServerKilledWhileClientsSend_LosesNoAcknowledgedEvent_AndStoresNoneTwice()
    {
        using var directory = new TempDirectory();
        var db = directory.File("crash.duckdb");
        using var server = new ServerProcess(db, "cairn_crash_test_key");
        await server.StartAsync();
        using (var client = server.NewClient())
        {
            var identify = await client.PostAsync("/api/v1/identify", Json("""{"customers":[{"id":"c1"},{"id":"c2"}]}"""));
            Assert.Equal(HttpStatusCode.OK, identify.StatusCode);
        }

        var acknowledged = new ConcurrentBag<string>();
        var attempted = 0;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            using var client = server.NewClient();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"w{worker}-{n}";
                Interlocked.Increment(ref attempted);
                try
                {
                    var response = await client.PostAsync("/api/v1/events", Json($$"""{"events":[{"id":"{{id}}","customerId":"c{{1 + (n % 2)}}","name":"page_viewed","timestamp":"2026-11-01T10:00:00Z"}]}"""));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(20); // server down: this one was never acknowledged
                }
                catch (TaskCanceledException)
                {
                    await Task.Delay(20);
                }
            }
        })).ToList();

        for (var kill = 0; kill < 2; kill++)
        {
            await Task.Delay(1500);
            server.Kill();
            await Task.Delay(300);
            await server.StartAsync();
        }

        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        server.Kill();

        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        using var connection = store.Dialect.OpenConnection();
        var stored = connection.Query<string>("SELECT id FROM events").ToList();
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} of {attempted} requests were acknowledged: the load did not run");
        Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(acknowledged.Except(stored, StringComparer.Ordinal));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
