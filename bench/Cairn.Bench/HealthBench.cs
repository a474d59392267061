using System.Diagnostics;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;
using Cairn.Web.Customers;

namespace Cairn.Bench;

/// <summary>
/// Issue 10's targets on DuckDB: every customer's health recomputed (1M customers, 10M events:
/// target 30 s) against the naive way (one query per customer, timed on a sample and scaled), and
/// the 360 view of a customer with 10,000 events (target 100 ms server time) against reading the
/// whole timeline and cutting it in memory.
/// </summary>
internal static class HealthBench
{
    private static readonly DateTime AsOf = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task RunAsync(TempDirectory directory, bool quick)
    {
        var customers = quick ? 100_000 : 1_000_000;
        var eventsPerCustomer = 10;
        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, directory.File("health.duckdb")));
        var clock = Stopwatch.StartNew();
        var workspace = await FillAsync(store, customers, eventsPerCustomer);
        Console.WriteLine($"health: loaded {customers:N0} customers, {customers * eventsPerCustomer + 10_000:N0} events, {customers / 5:N0} NPS answers, {customers / 20:N0} tickets, {customers / 2:N0} renewals in {clock.Elapsed.TotalSeconds:N0} s");

        var runs = new List<double>();
        HealthRecomputation last = null!;
        for (var i = 0; i < (quick ? 2 : 3); i++)
        {
            last = await store.RecomputeHealthAsync(workspace, AsOf);
            runs.Add(last.Elapsed.TotalSeconds);
        }

        var best = runs.Min();
        Console.WriteLine($"health: recompute {last.Customers:N0} customers: {string.Join(" / ", runs.Select(r => $"{r:N1}"))} s (best {best:N1} s; target 30 s for 1M); {last.AtRisk:N0} at risk");

        // Naive: one query per customer, the way a loop over the customer list would do it.
        var sample = quick ? 200 : 500;
        clock.Restart();
        for (var i = 0; i < sample; i++)
        {
            await store.HealthInputsAsync(workspace, $"c{i * (customers / sample)}", AsOf);
        }

        var naive = clock.Elapsed.TotalSeconds / sample * customers;
        Console.WriteLine($"health: naive one-query-per-customer: {clock.Elapsed.TotalMilliseconds / sample:N1} ms per customer over {sample} → {naive / 3600:N1} h for {customers:N0} (extrapolated); ratio {naive / best:N0}×");

        // Customer 360 of the customer with 10,000 events.
        var view = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            clock.Restart();
            var response = await CustomerEndpoints.ViewAsync(store, workspace, "whale", null, CustomerEndpoints.DefaultLimit);
            view.Add(clock.Elapsed.TotalMilliseconds);
            if (response is null || response.Counts.Events < 10_000)
            {
                throw new InvalidOperationException("the whale is missing its events");
            }
        }

        view.Sort();
        clock.Restart();
        var all = await store.TimelineAsync(workspace, "whale", null, int.MaxValue);
        var whole = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"health: 360 view of a customer with 10,000 events: p50 {view[view.Count / 2]:N0} ms, p95 {view[(int)(view.Count * 0.95)]:N0} ms (target 100 ms); " +
            $"naive whole timeline ({all.Count:N0} moments) {whole:N0} ms, {whole / view[view.Count / 2]:N1}× the p50");
    }

    private static async Task<long> FillAsync(CairnStore store, int customers, int eventsPerCustomer)
    {
        var workspace = (await store.EnsureWorkspaceAsync("health bench", Industry.Telecommunications)).Id;
        var random = new Random(42);
        for (var first = 0; first < customers; first += 50_000)
        {
            var batch = Enumerable.Range(first, Math.Min(50_000, customers - first))
                .Select(i => CustomerProfile.Minimal($"c{i}") with { SignupAt = AsOf.AddDays(-30 - (i % 700)), MonthlyRevenue = 20 + (i % 5 * 10) }).ToList();
            await store.IngestAsync(workspace, IngestBatch.OfCustomers(batch));
        }

        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("whale") with { SignupAt = AsOf.AddYears(-2) }]));
        var events = new List<TrackEvent>(100_000);
        async Task Flush()
        {
            await store.IngestAsync(workspace, IngestBatch.OfEvents(events));
            events.Clear();
        }

        for (var i = 0; i < customers; i++)
        {
            for (var e = 0; e < eventsPerCustomer; e++)
            {
                events.Add(new TrackEvent($"e{i}-{e}", $"c{i}", e % 3 == 0 ? "app_login" : "bill_viewed", AsOf.AddMinutes(-random.Next(120 * 24 * 60)), "app", null));
            }

            if (events.Count >= 100_000)
            {
                await Flush();
            }
        }

        for (var e = 0; e < 10_000; e++)
        {
            events.Add(new TrackEvent($"w{e}", "whale", "app_login", AsOf.AddMinutes(-random.Next(700 * 24 * 60)), "app", null));
        }

        await Flush();
        var survey = store.CreateSurvey(workspace, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var responses = Enumerable.Range(0, customers / 5).Select(i =>
        {
            var at = AsOf.AddMinutes(-random.Next(170 * 24 * 60));
            return new SurveyResponse($"r{i}", survey, 1, $"c{i * 5}", true, null, null, "email", "en", at, at, [new Answer("nps", random.Next(11), null)]);
        }).ToList();
        store.ImportResponses(workspace, responses);
        var tickets = Enumerable.Range(0, customers / 20).Select(i => new FeedbackItem($"t{i}", FeedbackSource.Ticket, $"c{i * 20}", null, null, null, null,
            i % 2 == 0 ? "Still waiting for a refund, nobody calls back." : "Quick and friendly help, thank you.", AsOf.AddDays(-random.Next(80)), "phone", null)).ToList();
        for (var first = 0; first < tickets.Count; first += 50_000)
        {
            await store.IngestAsync(workspace, IngestBatch.OfFeedback(tickets.Skip(first).Take(50_000).ToList()));
        }

        var renewals = Enumerable.Range(0, customers / 2).Select(i => new CustomerRecord($"rn{i}", $"c{i * 2}", RecordKind.Renewal, AsOf.AddDays(random.Next(365)), null, null, null)).ToList();
        for (var first = 0; first < renewals.Count; first += 100_000)
        {
            await store.AddRecordsAsync(workspace, renewals.Skip(first).Take(100_000).ToList());
        }

        return workspace;
    }
}
