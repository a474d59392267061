using System.Diagnostics;
using System.Net;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Testing;
using Cairn.Web;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Bench;

/// <summary>
/// Issue 4's target: complete responses submitted through the hosted page (/s/{id}, a form POST,
/// real HTTP on loopback) by 200 concurrent respondents, on DuckDB and PostgreSQL side by side:
/// responses/s, p99, and the responses counted in the database afterwards against those
/// acknowledged (no duplicates, none lost). Every tenth respondent submits twice at once. The per-address limit on the public pages (120 a
/// minute) is lifted for the run: on loopback every respondent has the same address.
/// </summary>
internal static class HostedPageBench
{
    public static async Task RunAsync(bool quick)
    {
        var count = quick ? 5_000 : 20_000;
        foreach (var engine in new[] { StorageEngine.DuckDb, StorageEngine.Postgres })
        {
            using var directory = new TempDirectory();
            using var cluster = engine == StorageEngine.Postgres ? new PostgresCluster() : null;
            var location = engine == StorageEngine.DuckDb ? new StorageLocation(engine, directory.File("hosted.duckdb")) : new StorageLocation(engine, cluster!.CreateDatabase());
            await using var app = await CairnWebApp.BuildAsync(new CairnWebOptions
            {
                Storage = location, Urls = "http://127.0.0.1:0", ApiKey = "cairn_bench_key", AdminPassword = "bench", Console = TextWriter.Null, SurveyRequestsPerMinute = 10_000_000,
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var store = app.Services.GetRequiredService<CairnStore>();
            var workspace = (await store.ListWorkspacesAsync())[0].Id;
            var survey = await store.CreateSurveyAsync(workspace, "Pulse", SurveyKind.Nps, null,
                SurveyJson.Import("""{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10,"isRequired":true}]}]}""", [])!);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = new Uri(url) };
            await SubmitAsync(http, survey, "warmup-0001", 9);

            var latencies = new double[count];
            var acknowledged = 0L;
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    // Every tenth respondent double-clicks: two posts of the same form at once, both thanked, one response.
                    var started = Stopwatch.GetTimestamp();
                    var posts = await Task.WhenAll(Enumerable.Range(0, i % 10 == 0 ? 2 : 1).Select(_ => SubmitAsync(http, survey, $"bench-{i:D8}", i % 11)));
                    if (posts.All(ok => ok))
                    {
                        Interlocked.Increment(ref acknowledged);
                    }

                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            })));
            var elapsed = clock.Elapsed;
            Array.Sort(latencies);
            using var connection = store.Dialect.OpenConnection();
            var stored = connection.ExecuteScalar<long>(store.Dialect.Sql("SELECT count(*) FROM responses WHERE status = 'complete' AND id LIKE 'bench-%'"));
            var answers = connection.ExecuteScalar<long>(store.Dialect.Sql("SELECT count(*) FROM answers WHERE response_id LIKE 'bench-%'"));
            var name = engine == StorageEngine.DuckDb ? "DuckDB" : "PostgreSQL";
            Console.WriteLine($"hosted page [{name}]: {count:N0} complete responses from 200 concurrent respondents over HTTP: {count / elapsed.TotalSeconds:N0}/s, "
                + $"p50 {latencies[count / 2]:N1} ms, p99 {latencies[(int)(count * 0.99)]:N1} ms; {count / 10:N0} of them double-submitted; acknowledged {acknowledged:N0}, stored {stored:N0} with {answers:N0} answers (target 5,000/s, p99 100 ms)");
            await app.StopAsync();
        }
    }

    /// <summary>One respondent's one-page NPS, as the form posts it; true when the thank-you page came back.</summary>
    private static async Task<bool> SubmitAsync(HttpClient http, long survey, string rid, int score)
    {
        using var form = new FormUrlEncodedContent([new("rid", rid), new("lang", "en"), new("shown", "nps"), new("seen", "nps"), new("q_nps", score.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var response = await http.PostAsync($"/s/{survey}", form);
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("Your answer has been saved", StringComparison.Ordinal);
    }
}
