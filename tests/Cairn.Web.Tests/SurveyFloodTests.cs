using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cairn.Web.Tests;

/// <summary>Its own server: the rate limit it exhausts is per server, and other tests must not feel it.</summary>
public sealed class SurveyFloodTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _nps;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var created = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        _nps = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task FloodingFromOneAddress_Gets429_WithRetryAfter()
    {
        // One burst, well past the 120 a minute allowed, so the whole flood lands in one window however slow the machine.
        var responses = await Task.WhenAll(Enumerable.Range(0, 160).Select(_ => _server.Anonymous.GetAsync($"/s/{_nps}")));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(refused.Count, 40, 160);
        Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }
}
