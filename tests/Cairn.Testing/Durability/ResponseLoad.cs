using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Cairn.Testing.Durability;

/// <summary>What a load run sent and what the server acknowledged.</summary>
public sealed class LoadTally
{
    private long _attempted;
    private long _refused;
    private long _unreached;

    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Answers by HTTP status (or "no answer").</summary>
    public ConcurrentDictionary<string, long> Statuses { get; } = new();

    public long Attempted => Interlocked.Read(ref _attempted);

    /// <summary>Answered with an error: not acknowledged.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>No answer (server down or too slow): not acknowledged.</summary>
    public long Unreached => Interlocked.Read(ref _unreached);

    internal void Sent() => Interlocked.Increment(ref _attempted);

    internal void Answered(HttpStatusCode status, string id)
    {
        Statuses.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
        if (status == HttpStatusCode.OK)
        {
            Acknowledged.Add(id);
        }
        else
        {
            Interlocked.Increment(ref _refused);
        }
    }

    internal void NotAnswered()
    {
        Statuses.AddOrUpdate("no answer", 1, (_, c) => c + 1);
        Interlocked.Increment(ref _unreached);
    }

    /// <summary>Acknowledged ids missing from what is stored, and ids stored more than once.</summary>
    public (long Lost, long Duplicated) Check(IReadOnlyCollection<string> stored)
    {
        var set = stored.ToHashSet(StringComparer.Ordinal);
        return (Acknowledged.Count(id => !set.Contains(id)), stored.Count - set.Count);
    }

    public string Answers => string.Join(", ", Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"));
}

/// <summary>
/// Many concurrent submitters of survey responses against a real server process (each response
/// with a unique id, so what is stored can be checked against what was acknowledged), while a
/// fault routine runs beside them.
/// </summary>
public static class ResponseLoad
{
    /// <summary>A customer and a relationship NPS survey to answer; returns the survey id.</summary>
    public static async Task<long> SetUpAsync(ServerProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = server.NewClient();
        (await client.PostAsync("/api/v1/identify", Json("""{"customers":[{"id":"c1"}]}"""))).EnsureSuccessStatusCode();
        using var created = await client.PostAsync("/api/v1/surveys", Json("""{"template":"relationship-nps"}"""));
        created.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>
    /// Sends for <paramref name="duration"/>, or longer until <paramref name="faults"/> is done (it sees
    /// the tally, so it can wait for acknowledgements rather than for time on a busy machine), then
    /// waits for every sender to finish.
    /// </summary>
    public static async Task<LoadTally> RunAsync(ServerProcess server, long survey, int submitters, TimeSpan duration, Func<Stopwatch, LoadTally, Task> faults)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(faults);
        var tally = new LoadTally();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, submitters).Select(worker => Task.Run(async () =>
        {
            using var client = server.NewClient();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"w{worker}-{n}";
                tally.Sent();
                try
                {
                    using var answer = await client.PostAsync($"/api/v1/surveys/{survey}/responses",
                        Json($$$"""{"id":"{{{id}}}","complete":true,"channel":"web","answers":{"nps":{{{n % 11}}}}}"""));
                    tally.Answered(answer.StatusCode, id);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    tally.NotAnswered();
                    await Task.Delay(50);
                }
            }
        })).ToList();
        await faults(clock, tally);
        if (duration > clock.Elapsed)
        {
            await Task.Delay(duration - clock.Elapsed);
        }

        await stop.CancelAsync();
        await Task.WhenAll(senders);
        return tally;
    }

    /// <summary>Waits until the condition holds, or fails after <paramref name="limit"/> with what was awaited.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:N0} s");
            }

            await Task.Delay(100);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
