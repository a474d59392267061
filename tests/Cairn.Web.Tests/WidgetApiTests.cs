using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cairn.Web.Tests;

public sealed class WidgetApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _survey;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var created = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "post-purchase-csat" });
        _survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { id = "w1" })).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TheDecision_SaysYesOnce_ThenExplainsTheNo()
    {
        var first = await (await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/widget", new { customerId = "w1" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.GetProperty("show").GetBoolean());
        Assert.Contains($"/s/{_survey}?t=", first.GetProperty("link").GetString());

        var second = await (await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/widget", new { customerId = "w1" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(second.GetProperty("show").GetBoolean());
        Assert.Null(second.GetProperty("link").GetString());

        var unknown = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/widget", new { customerId = "nobody" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.PostAsJsonAsync($"/api/v1/surveys/{_survey}/widget", new { customerId = "w1" })).StatusCode);
    }

    [Fact]
    public async Task CrossOriginCalls_AreAllowedWhereTheWidgetNeedsThem_AndSurveyPagesMayBeFramed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/events");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var answer = await _server.Anonymous.SendAsync(preflight);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var metricsPreflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/metrics/nps");
        metricsPreflight.Headers.Add("Origin", "https://shop.example");
        metricsPreflight.Headers.Add("Access-Control-Request-Method", "GET");
        Assert.False((await _server.Anonymous.SendAsync(metricsPreflight)).Headers.Contains("Access-Control-Allow-Origin")); // reading data stays same-origin

        var survey = await _server.Anonymous.GetAsync($"/s/{_survey}");
        Assert.Contains("frame-ancestors *", survey.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'none'", survey.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(survey.Headers.Contains("X-Frame-Options"));
        Assert.Equal("DENY", (await _server.Anonymous.GetAsync("/login")).Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("text/javascript", (await _server.Anonymous.GetAsync("/widget.js")).Content.Headers.ContentType!.MediaType);
    }
}
