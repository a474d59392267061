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
        HttpResponseMessage? last = null;
        for (var i = 0; i < 130 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last = await _server.Anonymous.GetAsync($"/s/{_nps}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter is not null);
    }

}
