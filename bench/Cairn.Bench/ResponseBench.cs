using System.Diagnostics;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Bench;

/// <summary>
/// Survey responses saved as the hosted page and the API save them (durable before the answer):
/// one at a time, without and with a webhook subscribed to response.completed (every save then
/// also writes a delivery to the outbox in its transaction); then from 200 concurrent callers,
/// whose responses the group commit puts in shared transactions, on an empty store and on one
/// holding millions of responses.
/// </summary>
internal static class ResponseBench
{
    private const string NpsDefinition = """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""";

    public static async Task RunAsync(TempDirectory directory, bool quick)
    {
        var count = quick ? 200 : 1_000;
        var baseline = await SaveAsync(directory.File("responses-baseline.duckdb"), count, webhook: false);
        var outbox = await SaveAsync(directory.File("responses-outbox.duckdb"), count, webhook: true);
        Console.WriteLine($"survey responses one at a time (DuckDB, {count:N0}): no webhook {baseline:N3} ms each ({1000 / baseline:N0}/s); "
            + $"with a subscribed webhook {outbox:N3} ms each ({1000 / outbox:N0}/s); ratio {outbox / baseline:N2}");
        var concurrent = quick ? 5_000 : 20_000;
        var (perSecond, p99) = await SaveConcurrentlyAsync(directory.File("responses-concurrent.duckdb"), concurrent, 200);
        Console.WriteLine($"survey responses from 200 concurrent callers (DuckDB, {concurrent:N0}, group commit): {perSecond:N0}/s, p99 {p99:N1} ms; "
            + $"÷ one at a time {perSecond / (1000 / baseline):N1}×");

        // The same on a store that has been in use: responses with random ids (as the hosted page
        // makes them, so DuckDB's zone maps cannot skip any of them) and customers with traits.
        var stored = quick ? 500_000 : 5_000_000;
        var fill = Stopwatch.StartNew();
        var (atScale, atScaleP50, atScaleP99) = await SaveOnLargeStoreAsync(directory.File("responses-large.duckdb"), stored, quick ? 10_000 : 30_000);
        Console.WriteLine($"survey responses from 200 concurrent callers on a store of {stored:N0} responses and {stored / 10:N0} customers "
            + $"(random ids; {fill.Elapsed.TotalSeconds:N0} s with the fill): {atScale:N0}/s, p50 {atScaleP50:N1} ms, p99 {atScaleP99:N1} ms; ÷ on an empty store {atScale / perSecond:N2}");
    }

    private static async Task<(double PerSecond, double P50, double P99)> SaveOnLargeStoreAsync(string file, int stored, int count)
    {
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, file));
        var ws = (await store.EnsureWorkspaceAsync("bench", Industry.Telecommunications)).Id;
        var customers = stored / 10;
        for (var first = 0; first < customers; first += 10_000)
        {
            await store.IngestAsync(ws, IngestBatch.OfCustomers([.. Enumerable.Range(first, Math.Min(10_000, customers - first))
                .Select(i => CustomerProfile.Minimal($"c{i}") with { Segment = i % 3 == 0 ? "smb" : "enterprise" })]));
        }

        var id = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, NpsDefinition);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var first = 0; first < stored; first += 250_000)
        {
            store.ImportResponses(ws, [.. Enumerable.Range(first, Math.Min(250_000, stored - first)).Select(i => new SurveyResponse(
                "w" + Guid.NewGuid().ToString("N"), id, 1, $"c{i % customers}", true, null, null, "web", "en", at.AddMinutes(i % 500_000), at.AddMinutes(i % 500_000), [new Answer("nps", i % 11, null)]))]);
        }

        await store.FoldScoreDeltasAsync(ws);
        var survey = (await store.SurveyAsync(ws, id))!;
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                await store.SaveResponseAsync(ws, survey, Submission("w" + Guid.NewGuid().ToString("N"), i) with { CustomerId = $"c{i * 7919 % customers}" });
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return (count / elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)]);
    }

    /// <summary>Many callers at once, as a busy survey page: what the group commit is for.</summary>
    private static async Task<(double PerSecond, double P99)> SaveConcurrentlyAsync(string file, int count, int callers)
    {
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, file));
        var ws = (await store.EnsureWorkspaceAsync("bench", Industry.Telecommunications)).Id;
        var id = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, NpsDefinition);
        var survey = (await store.SurveyAsync(ws, id))!;
        await store.SaveResponseAsync(ws, survey, Submission("warm", 0));
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                await store.SaveResponseAsync(ws, survey, Submission($"c{i}", i));
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return (count / elapsed.TotalSeconds, latencies[(int)(count * 0.99)]);
    }

    private static async Task<double> SaveAsync(string file, int count, bool webhook)
    {
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, file));
        var ws = (await store.EnsureWorkspaceAsync("bench", Industry.Telecommunications)).Id;
        var id = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, NpsDefinition);
        var survey = (await store.SurveyAsync(ws, id))!;
        if (webhook)
        {
            await store.CreateWebhookAsync(ws, "https://hooks.example.com/bench", "whsec_bench", ["response.completed"], false, "bench");
        }

        for (var i = 0; i < 10; i++) // warm-up
        {
            await store.SaveResponseAsync(ws, survey, Submission($"w{i}", i));
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await store.SaveResponseAsync(ws, survey, Submission($"r{i}", i));
        }

        return clock.Elapsed.TotalMilliseconds / count;
    }

    private static ResponseSubmission Submission(string id, int i) =>
        new(id, null, "web", "en", true, new Dictionary<string, AnswerValue> { ["nps"] = AnswerValue.Of(i % 11) });
}
