using System.Diagnostics;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Bench;

/// <summary>
/// One survey response at a time, as the hosted page and the API save them (durable before the
/// answer): the baseline workspace has no webhook; the other has one subscribed to
/// response.completed, so every save also writes a delivery to the outbox in its transaction.
/// </summary>
internal static class ResponseBench
{
    public static async Task RunAsync(TempDirectory directory, bool quick)
    {
        var count = quick ? 50 : 200; // a save costs over 100 ms on DuckDB today, so a few hundred suffice
        var baseline = await SaveAsync(directory.File("responses-baseline.duckdb"), count, webhook: false);
        var outbox = await SaveAsync(directory.File("responses-outbox.duckdb"), count, webhook: true);
        Console.WriteLine($"survey responses, one per transaction (DuckDB, {count:N0}): no webhook {baseline:N3} ms each ({1000 / baseline:N0}/s); "
            + $"with a subscribed webhook {outbox:N3} ms each ({1000 / outbox:N0}/s); ratio {outbox / baseline:N2}");
    }

    private static async Task<double> SaveAsync(string file, int count, bool webhook)
    {
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, file));
        var ws = (await store.EnsureWorkspaceAsync("bench", Industry.Telecommunications)).Id;
        var id = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
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
