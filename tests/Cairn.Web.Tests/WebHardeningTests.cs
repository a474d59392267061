using System.Net;
using System.Net.Http.Json;
using Cairn.Web.Access;
using Cairn.Web.Http;

namespace Cairn.Web.Tests;

public sealed class WebHardeningTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task SignIn_PastTenAttemptsAMinute_IsSentBackWithRetryAfter()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Anonymous.BaseAddress };
        Task<HttpResponseMessage> Attempt() => client.PostAsync("/account/login", new FormUrlEncodedContent([new("email", "admin@cairn.local"), new("password", "guess")]));

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < SignInThrottle.AttemptsPerMinute; i++)
        {
            allowed.Add(await Attempt());
        }

        var throttled = await Attempt();

        Assert.All(allowed, r => Assert.NotEqual("/login?throttled=1", r.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.SeeOther, throttled.StatusCode);
        Assert.Equal("/login?throttled=1", throttled.Headers.Location?.OriginalString);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await client.GetStringAsync("/login?throttled=1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWidgetsSurveyDecision_PastItsLimitPerAddress_IsA429Problem()
    {
        // The widget calls it from customers' browsers with a key anyone can read in the page's source.
        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < SignInThrottle.SurveyRequestsPerMinute; i++)
        {
            statuses.Add((await _server.Client.PostAsJsonAsync("/api/v1/surveys/424242/widget", new { customerId = "w1" })).StatusCode);
        }

        var throttled = await _server.Client.PostAsJsonAsync("/api/v1/surveys/424242/widget", new { customerId = "w1" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("/api/v1/events", """{"events":[{"id":"e1","customerId":"c1","name":"x","timestamp":"2026-11-01T00:00:00Z","properties":{"note":"\ud800"}}]}""")]
    [InlineData("/api/v1/identify", """{"id":"c1","traits":{"\udfff":"x"}}""")]
    [InlineData("/api/v1/feedback", """{"feedback":[{"id":"f1","source":"review","text":"ok \ud83d"}]}""")]
    [InlineData("/api/v1/journeys", """{"name":"\ud800","stages":[]}""")]
    public async Task ALoneSurrogateEscape_IsA400_NotAServerError(string path, string body)
    {
        // JSON allows "\ud800"; no text can hold it. Found anywhere in the body, the request is refused whole.
        var response = await _server.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("surrogate", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/v1/stats")]
    public async Task Responses_CarryAStrictContentSecurityPolicy(string path)
    {
        var response = await _server.Anonymous.GetAsync(path);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }
}
