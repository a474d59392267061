using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Cairn.Web.Tests;

public sealed class IngestionApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var identify = await Post("/api/v1/identify", """{"customers":[{"id":"c1","segment":"smb"},{"id":"c2"}]}""");
        Assert.Equal(HttpStatusCode.OK, identify.StatusCode);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<HttpResponseMessage> Post(string path, string json, HttpClient? client = null) =>
        (client ?? _server.Client).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> Stats() => await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/stats");

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Events(int count, string customer = "c1", int from = 0) =>
        "{\"events\":[" + string.Join(',', Enumerable.Range(from, count).Select(i => $$"""{"id":"e{{i}}","customerId":"{{customer}}","name":"page_viewed","timestamp":"2026-11-01T10:00:00Z","channel":"web"}""")) + "]}";

    [Fact]
    public async Task Stats_WithoutKey_Is401ProblemDetails()
    {
        var response = await _server.Anonymous.GetAsync("/api/v1/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await Problem(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Events_WithWrongKey_Are401_AndNothingIsStored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(Events(1), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cairn_not_a_key");
        var response = await _server.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await Stats()).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Events_RetriedBatch_AddsNothingTwice()
    {
        var first = await (await Post("/api/v1/events", Events(50))).Content.ReadFromJsonAsync<JsonElement>();
        var retry = await (await Post("/api/v1/events", Events(60))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, first.GetProperty("accepted").GetInt32());
        Assert.Equal((10, 50), (retry.GetProperty("accepted").GetInt32(), retry.GetProperty("duplicates").GetInt32()));
        var stats = await Stats();
        Assert.Equal(60, stats.GetProperty("events").GetInt64());
        Assert.Equal(2, stats.GetProperty("customers").GetInt64());
    }

    [Fact]
    public async Task Events_WrongTypes_Are422NamingItemAndField_AndTheValidRestIsNotStored()
    {
        var response = await Post("/api/v1/events", """{"events":[{"id":"ok","customerId":"c1","name":"a","timestamp":"2026-11-01T00:00:00Z"},{"id":"bad","customerId":"c1","name":5,"timestamp":"soon"}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Problem(response)).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(1, "timestamp")], errors);
        Assert.Equal(0, (await Stats()).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Events_UnknownCustomer_Is422()
    {
        var response = await Post("/api/v1/events", Events(1, "nobody"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("nobody", (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_MissingId_Is422()
    {
        var response = await Post("/api/v1/events", """{"events":[{"customerId":"c1","name":"a","timestamp":"2026-11-01T00:00:00Z"}]}""");
        var error = (await Problem(response)).GetProperty("errors")[0];
        Assert.Equal(("id", "is required"), (error.GetProperty("field").GetString(), error.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("""{"events":[{"id":"x",""", "not valid JSON")]
    [InlineData("""{"things":[]}""", "the body must be {\"events\": [...]}")]
    [InlineData("[1,2]", "the body must be {\"events\": [...]}")]
    public async Task Events_MalformedBody_Is400WithReason(string body, string reason)
    {
        var response = await Post("/api/v1/events", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_InvalidUtf8_Is400SayingSo()
    {
        var bytes = Encoding.UTF8.GetBytes(Events(1)).ToList();
        bytes.InsertRange(30, new byte[] { 0xC3, 0x28 }); // an invalid two-byte sequence inside a string
        using var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await _server.Client.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_MoreThanTenThousand_Are413()
    {
        var response = await Post("/api/v1/events", Events(10_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("10000", (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Stats()).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Events_BodyOverTenMegabytes_Is413()
    {
        var padding = new string('x', 11 * 1024 * 1024);
        // Expect: 100-continue lets the server refuse before the client sends 11 MB it would not read.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent($$"""{"events":[],"padding":"{{padding}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("10 MB", (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_TenThousandAtOnce_AreAccepted()
    {
        var response = await Post("/api/v1/events", Events(10_000));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10_000, (await Stats()).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Feedback_ReviewOfACompetitor_IsStored_AndBadSourceRefused()
    {
        var ok = await Post("/api/v1/feedback", """{"feedback":[{"id":"r1","source":"review","rating":2,"text":"Slow install","competitor":"RivalTel"},{"id":"t1","source":"ticket","text":"Router broken","customerId":"c1"}]}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var bad = await Post("/api/v1/feedback", """{"feedback":[{"id":"x","source":"carrier-pigeon","text":"hi"}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(2, (await Stats()).GetProperty("feedback").GetInt64());
    }

    [Fact]
    public async Task SegmentBatch_FromAnExistingPipeline_IsAcceptedUnchanged()
    {
        var body = """
            {"batch":[
              {"type":"identify","userId":"seg-1","traits":{"plan":"pro"},"messageId":"i1"},
              {"type":"track","userId":"seg-1","event":"Order Completed","messageId":"m1","timestamp":"2026-11-01T00:00:00Z","properties":{"revenue":20}},
              {"type":"track","anonymousId":"anon-9","event":"Signed Up","messageId":"m2"},
              {"type":"alias","userId":"seg-1","previousId":"anon-9"}
            ]}
            """;
        var result = await (await Post("/api/v1/segment/batch", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("skipped").GetInt32()));
        var stats = await Stats();
        Assert.Equal((4L, 2L), (stats.GetProperty("customers").GetInt64(), stats.GetProperty("events").GetInt64()));
    }

    [Fact]
    public async Task SegmentTrack_SingleCall_IsAccepted()
    {
        var response = await Post("/api/v1/segment/track", """{"userId":"c1","event":"Ticket Closed","messageId":"t-1","context":{"channel":"server"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await Stats()).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task HealthAndOpenApi_AreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/healthz")).StatusCode);
        var openApi = await _server.Anonymous.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/events", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/v1/segment/batch", openApi, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/docs")).StatusCode);
    }

    [Fact]
    public async Task HomePage_WithoutSignIn_RedirectsToLogin()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Anonymous.BaseAddress };
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString.Replace(_server.Anonymous.BaseAddress!.ToString(), "/", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
