using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Bench;
using Cairn.Cli.Demo;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Testing;
using Cairn.Web;
using Cairn.Web.Drivers;
using Cairn.Web.Metrics;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

// Cairn's ingestion and demo benchmarks. Prints figures and ratios against a baseline measured in
// the same run; never a pass/fail. Usage: dotnet run --project bench/Cairn.Bench -c Release [-- quick] [metrics-only | ingest-only | text-only | responses-only | hosted-only | health-only | paths-only [duckdb-only] | durability [disk-only]]
var quick = args.Contains("quick");
var metricsOnly = args.Contains("metrics-only"); // only the metrics figures
var ingestOnly = args.Contains("ingest-only"); // only the ingestion figures (no demo, no metrics)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
using var directory = new TempDirectory();

Console.WriteLine($"Cairn benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}{(quick ? " (quick)" : "")}");

if (args.Contains("durability"))
{
    await DurabilityBench.RunAsync(directory, quick, diskOnly: args.Contains("disk-only"));
    return;
}

if (args.Contains("paths-only"))
{
    await PathsBench.RunAsync(directory, quick, duckDbOnly: args.Contains("duckdb-only"));
    return;
}

if (args.Contains("health-only"))
{
    await HealthBench.RunAsync(directory, quick);
    return;
}

if (args.Contains("hosted-only"))
{
    await HostedPageBench.RunAsync(quick);
    return;
}

if (args.Contains("text-only"))
{
    TextBench.Run(directory, quick);
    return;
}

if (!metricsOnly && !ingestOnly)
{
    await ResponseBench.RunAsync(directory, quick);
    await HostedPageBench.RunAsync(quick);
    if (args.Contains("responses-only"))
    {
        return;
    }

    TextBench.Run(directory, quick);
}

var results = new List<(string Engine, string Figure, string Value)>();
double metricsDuckDbP50 = 0, metricsNaiveMs = 0, metricsDuckDbFromAnswers = 0;
if (!metricsOnly)
{
    if (!ingestOnly)
    {
        var demo = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, directory.File("demo.duckdb")));
        var report = await DemoWorkspace.GenerateAsync(demo, quick ? 10_000 : 70_000, 42, _ => { }, CancellationToken.None);
        await demo.DisposeAsync();
        Console.WriteLine($"demo generation: {report.Customers:N0} customers, {report.Events:N0} events, {report.Feedback:N0} feedback, {report.Responses:N0} responses in {report.Elapsed.TotalSeconds:N1} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB");
    }

    foreach (var engine in new[] { StorageEngine.DuckDb, StorageEngine.Postgres })
    {
        using var cluster = engine == StorageEngine.Postgres ? new PostgresCluster() : null;
        var location = engine == StorageEngine.DuckDb
            ? new StorageLocation(engine, directory.File("bench.duckdb"))
            : new StorageLocation(engine, cluster!.CreateDatabase());
        await using var app = await CairnWebApp.BuildAsync(new CairnWebOptions { Storage = location, Urls = "http://127.0.0.1:0", ApiKey = "cairn_bench_key", AdminPassword = "bench", Console = TextWriter.Null });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cairn_bench_key");
        await Post(http, "/api/v1/identify", "{\"customers\":[" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"{{\"id\":\"c{i}\"}}")) + "]}");

        // 1. Batches of 10,000 events over HTTP, 4 concurrent senders.
        var batches = quick ? 20 : 100;
        var bodies = Enumerable.Range(0, batches).Select(b => Events(b * 10_000, 10_000)).ToList();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches)
            {
                await Post(http, "/api/v1/events", bodies[i]);
            }
        })));
        var batchRate = batches * 10_000 / clock.Elapsed.TotalSeconds;

        // Baseline: one INSERT (one commit) per event, the naive way, on the same engine.
        var store = app.Services.GetRequiredService<CairnStore>();
        var naiveCount = quick ? 500 : 2_000;
        using (var connection = store.Dialect.OpenConnection())
        {
            var sql = store.Dialect.Sql("INSERT INTO events (workspace_id, id, customer_id, name, ts, channel, received_at) VALUES (1, @id, 'c1', 'naive', @ts, 'web', @ts)");
            clock.Restart();
            for (var i = 0; i < naiveCount; i++)
            {
                connection.Execute(sql, new { id = $"naive-{i}", ts = DateTime.UtcNow });
            }
        }

        var naiveRate = naiveCount / clock.Elapsed.TotalSeconds;

        // 2. Single-event requests from 100 concurrent clients.
        var seconds = quick ? 5 : 15;
        var latencies = new List<double>[100];
        long acknowledged = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await http.PostAsync("/api/v1/events", Json(Events($"s{worker}-{n}", 1)));
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref acknowledged);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        var singleRate = acknowledged / clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var storedSingles = await CountAsync(store, "SELECT count(*) FROM events WHERE id LIKE 's%'");

        results.Add((engine.ToString(), "batch events/s (HTTP, 10,000 per request)", $"{batchRate:N0}"));
        results.Add((engine.ToString(), "naive baseline events/s (1 INSERT per event)", $"{naiveRate:N0}"));
        results.Add((engine.ToString(), "batch ÷ naive", $"{batchRate / naiveRate:N0}×"));
        results.Add((engine.ToString(), "single-event requests/s (100 clients)", $"{singleRate:N0}"));
        results.Add((engine.ToString(), "single-event p50 / p99 latency", $"{Percentile(all, 0.50):N1} ms / {Percentile(all, 0.99):N1} ms"));
        results.Add((engine.ToString(), "single-event requests acknowledged / stored", $"{acknowledged:N0} / {storedSingles:N0}"));
        await app.StopAsync();
    }

}

if (ingestOnly)
{
    PrintResults(results);
    return;
}

// 3. Metrics: NPS by segment × month with intervals over a large store of answers.
var metricResponses = quick ? 1_000_000 : 10_000_000;
var metricCustomers = metricResponses / 10;
foreach (var engine in new[] { StorageEngine.DuckDb, StorageEngine.Postgres })
{
    using var cluster = engine == StorageEngine.Postgres ? new PostgresCluster() : null;
    var location = engine == StorageEngine.DuckDb ? new StorageLocation(engine, directory.File("metrics.duckdb")) : new StorageLocation(engine, cluster!.CreateDatabase());
    await using var store = CairnStore.Open(location);
    var clock = Stopwatch.StartNew();
    var workspace = await MetricsData.FillAsync(store, metricCustomers, metricResponses);
    var loadSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    await store.FoldScoreDeltasAsync(workspace); // what the server's background job does every 30 s
    var foldSeconds = clock.Elapsed.TotalSeconds;
    var query = MetricQuery.Parse("nps", "segment", "month", null, null, null, null, null, []) ?? throw new InvalidOperationException();
    MetricReport? metricReport = null;
    async Task<double[]> TimeNpsAsync()
    {
        // Ten runs warm caches and the JIT (tiered compilation rejits hot code after about 30 calls); 50 are timed.
        var timings = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            clock.Restart();
            metricReport = MetricReport.Build(query, await store.TallyScoresAsync(workspace, query));
            if (i >= 10)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return [.. timings.Order()];
    }

    var sorted = await TimeNpsAsync();

    // The same question counted from the answers themselves (every answer joined to its customer
    // and cut to its month), as before the rollup: what each engine does with ten million rows.
    var fromAnswers = await TimeAsync(4, async () => MetricReport.Build(query, await store.TallyScoresFromAnswersAsync(workspace, query)));
    double[]? vacuumed = null;
    if (engine == StorageEngine.Postgres)
    {
        // The fold deletes every delta row the load wrote; until autovacuum visits, PostgreSQL's
        // scans of score_delta step over those dead rows. Timed again as autovacuum leaves it.
        await CountAsync(store, "VACUUM ANALYZE score_delta");
        await CountAsync(store, "VACUUM ANALYZE score_rollup");
        vacuumed = await TimeNpsAsync();
    }

    // The metrics dashboard's server work on the same store: every headline, NPS per month, the competitive benchmark.
    var now = DateTime.UtcNow;
    var dashboardQuery = MetricQuery.Parse("nps", null, "month", DashboardService.DefaultFrom(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, null, null, null, [])!;
    var dashboard = await TimeAsync(11, () => DashboardService.LoadAsync(store, workspace, dashboardQuery, now));

    // Key drivers of NPS among themes over 1,000,000 answers with 250,000 analysed comments.
    clock.Restart();
    var driversWorkspace = await MetricsData.FillDriversAsync(store, quick ? 20_000 : 100_000, quick ? 200_000 : 1_000_000);
    var driversLoad = clock.Elapsed.TotalSeconds;
    DriversResponse? drivers = null;
    var driverTimes = await TimeAsync(5, async () => drivers = await DriverService.ThemesAsync(store, driversWorkspace, null, null));

    results.Add((engine.ToString(), $"metrics: load {metricResponses:N0} responses", $"{loadSeconds:N1} s"));
    results.Add((engine.ToString(), "metrics: fold the load's score deltas into the rollup", $"{foldSeconds:N1} s"));
    results.Add((engine.ToString(), "metrics: NPS by segment × month p50 / p95 of 50", $"{Percentile(sorted, 0.5):N1} / {Percentile(sorted, 0.95):N1} ms"));
    results.Add((engine.ToString(), "metrics: the same after VACUUM ANALYZE", vacuumed is null ? "-" : $"{Percentile(vacuumed, 0.5):N1} / {Percentile(vacuumed, 0.95):N1} ms"));
    results.Add((engine.ToString(), "metrics: the same from the answers (no rollup), p50 / worst of 3", $"{Percentile(fromAnswers, 0.5):N0} / {fromAnswers[^1]:N0} ms"));
    results.Add((engine.ToString(), "metrics: slices, answers counted", $"{metricReport!.Slices.Count:N0}, {metricReport.Overall.N:N0}"));
    results.Add((engine.ToString(), "metrics: dashboard server work p50 / p95 of 10", $"{Percentile(dashboard, 0.5):N0} / {Percentile(dashboard, 0.95):N0} ms"));
    results.Add((engine.ToString(), $"drivers: load {(quick ? 200_000 : 1_000_000):N0} answers + comments", $"{driversLoad:N1} s"));
    results.Add((engine.ToString(), "drivers: themes driving NPS, p50 / worst of 4", $"{Percentile(driverTimes, 0.5):N0} / {driverTimes[^1]:N0} ms"));
    results.Add((engine.ToString(), "drivers: answers, R², top driver", $"{drivers!.N:N0}, {drivers.RSquared:N3}, {drivers.Drivers.OrderByDescending(d => d.Importance).FirstOrDefault()?.Name}"));
    if (engine == StorageEngine.DuckDb)
    {
        // Baseline: what a naive service does, fetch every answer and group in memory (LINQ).
        clock.Restart();
        var naive = await MetricsData.NaiveNpsBySegmentMonthAsync(store, workspace);
        results.Add((engine.ToString(), "metrics: naive fetch-all + LINQ, ms", $"{clock.Elapsed.TotalMilliseconds:N0} ({naive} slices)"));
        metricsDuckDbP50 = Percentile(sorted, 0.5);
        metricsDuckDbFromAnswers = Percentile(fromAnswers, 0.5);
        metricsNaiveMs = clock.Elapsed.TotalMilliseconds;
    }
    else
    {
        results.Add((engine.ToString(), "metrics: naive fetch-all + LINQ, ms", "-"));
        results.Add(("DuckDb", "metrics: PostgreSQL p50 ÷ DuckDB p50", $"{Percentile(sorted, 0.5) / metricsDuckDbP50:N1}×"));
        results.Add(("Postgres", "metrics: PostgreSQL p50 ÷ DuckDB p50", $"{Percentile(vacuumed!, 0.5) / metricsDuckDbP50:N1}× vacuumed"));
        results.Add(("DuckDb", "metrics: PostgreSQL ÷ DuckDB, from the answers", $"{Percentile(fromAnswers, 0.5) / metricsDuckDbFromAnswers:N1}×"));
        results.Add(("Postgres", "metrics: PostgreSQL ÷ DuckDB, from the answers", "-"));
        results.Add(("DuckDb", "metrics: naive ÷ DuckDB p50", $"{metricsNaiveMs / metricsDuckDbP50:N0}×"));
        results.Add(("Postgres", "metrics: naive ÷ DuckDB p50", "-"));
    }
}

PrintResults(results);

static void PrintResults(List<(string Engine, string Figure, string Value)> results)
{
    Console.WriteLine();
    Console.WriteLine($"{"figure",-50} {"DuckDb",22} {"Postgres",22}");
    foreach (var figure in results.Select(r => r.Figure).Distinct())
    {
        Console.WriteLine($"{figure,-50} {results.First(r => r.Figure == figure && r.Engine == "DuckDb").Value,22} {results.First(r => r.Figure == figure && r.Engine == "Postgres").Value,22}");
    }
}

static string Events(object first, int count)
{
    var builder = new StringBuilder("{\"events\":[");
    for (var i = 0; i < count; i++)
    {
        var id = first is int start ? $"b{start + i}" : $"{first}";
        builder.Append(i == 0 ? "" : ",").Append("{\"id\":\"").Append(id).Append("\",\"customerId\":\"c").Append(i % 1000)
            .Append("\",\"name\":\"page_viewed\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"channel\":\"web\",\"properties\":{\"path\":\"/pricing\"}}");
    }

    return builder.Append("]}").ToString();
}

static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

static async Task Post(HttpClient http, string path, string body)
{
    var response = await http.PostAsync(path, Json(body));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task<long> CountAsync(CairnStore store, string sql)
{
    using var connection = store.Dialect.OpenConnection();
    return await connection.ExecuteScalarAsync<long>(sql);
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

// Runs an action count times and returns the durations of all but the first (which warms caches and the JIT), sorted.
static async Task<double[]> TimeAsync(int count, Func<Task> action)
{
    var times = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        await action();
        if (i > 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    return [.. times.Order()];
}
